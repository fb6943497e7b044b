// Types and defaults are spelled per dialect and compared by meaning, so what Alembic and
// SQLAlchemy wrote (`JSON`, `FLOAT`, `TIMESTAMP WITH TIME ZONE`, `CURRENT_TIMESTAMP`) equals
// atrium's own spelling when it means the same.

#include "migrate/types.hpp"

#include <gtest/gtest.h>

namespace atrium::migrate {
namespace {

constexpr auto pg = Dialect::postgresql;
constexpr auto lite = Dialect::sqlite;

TEST(Types, RenderedAsSchemaMdSays) {
  EXPECT_EQ(render_type(Type::uuid(), pg), "uuid");
  EXPECT_EQ(render_type(Type::uuid(), lite), "char(36)");
  EXPECT_EQ(render_type(Type::timestamp(), pg), "timestamptz");
  EXPECT_EQ(render_type(Type::timestamp(), lite), "timestamp");
  EXPECT_EQ(render_type(Type::timestamp().as_better_auth(), lite), "date");
  EXPECT_EQ(render_type(Type::boolean(), lite), "boolean");
  EXPECT_EQ(render_type(Type::boolean().as_better_auth(), lite), "integer");
  EXPECT_EQ(render_type(Type::float_(), pg), "double precision");
  EXPECT_EQ(render_type(Type::float_(), lite), "real");
  EXPECT_EQ(render_type(Type::big_integer(), lite), "integer");
  EXPECT_EQ(render_type(Type::big_integer().as_better_auth(), lite), "bigint");
  EXPECT_EQ(render_type(Type::json(), lite), "text");
  EXPECT_EQ(render_type(Type::string(20), pg), "varchar(20)");
}

TEST(Types, SqlAlchemySpellingsMeanTheSame) {
  EXPECT_EQ(type_meaning("TIMESTAMP WITH TIME ZONE", pg), type_meaning(Type::timestamp(), pg));
  EXPECT_EQ(type_meaning("timestamp with time zone", pg), "timestamptz");
  EXPECT_EQ(type_meaning("FLOAT", pg), type_meaning(Type::float_(), pg));
  EXPECT_EQ(type_meaning("FLOAT", lite), type_meaning(Type::float_(), lite));
  EXPECT_EQ(type_meaning("JSON", lite), type_meaning(Type::json(), lite));
  EXPECT_EQ(type_meaning("JSON", pg), type_meaning(Type::json(), pg));
  EXPECT_EQ(type_meaning("CHAR(36)", lite), type_meaning(Type::uuid(), lite));
  EXPECT_EQ(type_meaning("character varying(20)", pg), type_meaning(Type::string(20), pg));
  EXPECT_EQ(type_meaning("VARCHAR(20)", lite), type_meaning(Type::string(20), lite));
  EXPECT_EQ(type_meaning("BIGINT", lite), type_meaning(Type::integer(), lite));
}

TEST(Types, DifferentMeaningsDiffer) {
  EXPECT_NE(type_meaning("text", pg), type_meaning(Type::uuid(), pg));
  EXPECT_NE(type_meaning("real", pg), type_meaning(Type::float_(), pg));  // float4 is not float8
  EXPECT_NE(type_meaning("bigint", pg), type_meaning(Type::integer(), pg));
  EXPECT_NE(type_meaning("varchar(10)", pg), type_meaning(Type::string(20), pg));
  EXPECT_NE(type_meaning("timestamp", pg), type_meaning(Type::timestamp(), pg));
  EXPECT_NE(type_meaning("json", pg), type_meaning("jsonb", pg));
}

TEST(Defaults, RenderedPerDialect) {
  EXPECT_EQ(render_default(Default::now(), pg), "now()");
  EXPECT_EQ(render_default(Default::now(), lite), "(strftime('%Y-%m-%dT%H:%M:%fZ','now'))");
  EXPECT_EQ(render_default(Default::of(false), pg), "false");
  EXPECT_EQ(render_default(Default::of(false), lite), "0");
  EXPECT_EQ(render_default(Default::of_string("it's"), pg), "'it''s'");
}

TEST(Defaults, ComparedByMeaning) {
  EXPECT_EQ(default_meaning("CURRENT_TIMESTAMP", pg), default_meaning(Default::now(), pg));
  EXPECT_EQ(default_meaning("now()", pg), "now");
  EXPECT_EQ(default_meaning("(strftime('%Y-%m-%dT%H:%M:%fZ','now'))", lite), "now");
  EXPECT_EQ(default_meaning("strftime('%Y-%m-%dT%H:%M:%fZ', 'now')", lite), "now");
  EXPECT_EQ(default_meaning("'abc'::text", pg), "str:abc");
  EXPECT_EQ(default_meaning("'ABC'", lite), "str:ABC");
  EXPECT_EQ(default_meaning("false", pg), default_meaning(Default::of(false), pg));
  EXPECT_EQ(default_meaning("0", lite), default_meaning(Default::of(false), lite));
  // SQLite's CURRENT_TIMESTAMP is 'YYYY-MM-DD HH:MM:SS', not the ISO text Better Auth compares.
  EXPECT_NE(default_meaning("CURRENT_TIMESTAMP", lite), default_meaning(Default::now(), lite));
}

TEST(Defaults, OnlyConstantsCanBeAddedInPlaceOnSqlite) {
  EXPECT_TRUE(is_constant_default(Default::of(false), lite));
  EXPECT_TRUE(is_constant_default(Default::of_string("x"), lite));
  EXPECT_TRUE(is_constant_default(Default::expression("42"), lite));
  EXPECT_FALSE(is_constant_default(Default::now(), lite));
  EXPECT_FALSE(is_constant_default(Default::current_timestamp(), lite));
}

}  // namespace
}  // namespace atrium::migrate

// Replaying operations yields the schema they imply, which `check` compares with the database.

#include "migrate/replay.hpp"

#include <gtest/gtest.h>

namespace atrium::migrate {
namespace {

TEST(Replay, BuildsTablesIndexesAndConstraints) {
  Schema s;
  Op op(Dialect::postgresql);
  op.create_table(Table("p").column(Column("id", Type::text()).not_null()).primary({"id"}));
  op.create_table(Table("c")
                      .column(Column("id", Type::text()).not_null())
                      .column(Column("p_id", Type::text()))
                      .primary({"id"}));
  op.create_index("ix_c_p", "c", {"p_id"});
  op.create_foreign_key("fk_c_p", "c", {"p_id"}, "p", {"id"}, FkAction::cascade);
  op.alter_column("c", "p_id", {.new_name = "parent_id"});
  op.rename_table("p", "parent");
  for (const auto& o : op.operations()) apply(s, o, Dialect::postgresql);
  const Table* c = s.find("c");
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->indexes.size(), 1u);
  EXPECT_EQ(c->indexes[0].columns, std::vector<std::string>{"parent_id"});
  ASSERT_EQ(c->foreign_keys.size(), 1u);
  EXPECT_EQ(c->foreign_keys[0].columns, std::vector<std::string>{"parent_id"});
  EXPECT_EQ(c->foreign_keys[0].ref_table, "parent");
  EXPECT_NE(s.find("parent"), nullptr);
  EXPECT_EQ(s.find("p"), nullptr);
}

TEST(Replay, DroppingAColumnDropsWhatUsesIt) {
  Schema s;
  Op op(Dialect::sqlite);
  op.create_table(Table("t")
                      .column(Column("id", Type::text()).not_null())
                      .column(Column("a", Type::text()))
                      .primary({"id"}));
  op.add_column("t", Column("u", Type::text()), fk("fk_t_u", "user", {"id"}));
  op.create_index("ix_t_u", "t", {"u"});
  op.drop_column("t", "u");
  for (const auto& o : op.operations()) apply(s, o, Dialect::sqlite);
  const Table* t = s.find("t");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->columns.size(), 2u);
  EXPECT_TRUE(t->indexes.empty());
  EXPECT_TRUE(t->foreign_keys.empty());
}

TEST(Replay, DialectOnlyDefaultsAreDropped) {
  Schema s;
  Op op(Dialect::sqlite);
  op.create_table(
      Table("t").column(Column("at", Type::timestamp())
                            .default_(Default::current_timestamp().only_on(Dialect::postgresql))));
  for (const auto& o : op.operations()) apply(s, o, Dialect::sqlite);
  EXPECT_FALSE(s.find("t")->columns[0].server_default.has_value());
  Schema p;
  for (const auto& o : op.operations()) apply(p, o, Dialect::postgresql);
  EXPECT_TRUE(p.find("t")->columns[0].server_default.has_value());
}

TEST(Replay, RenamesAreTrackedForRebuilds) {
  Table t = Table("t").column(Column("a", Type::text())).column(Column("b", Type::text()));
  std::map<std::string, std::string> renamed;
  Op op(Dialect::sqlite);
  op.alter_column("t", "a", {.new_name = "x"});
  op.alter_column("t", "x", {.new_name = "y"});
  for (const auto& o : op.operations()) apply_to_table(t, o, Dialect::sqlite, &renamed);
  EXPECT_EQ(renamed, (std::map<std::string, std::string>{{"y", "a"}}));
}

}  // namespace
}  // namespace atrium::migrate

// A revision's checksum follows its operations, not SQL formatting or the dialect it ran on.

#include "migrate/checksum.hpp"

#include <gtest/gtest.h>

namespace atrium::migrate {
namespace {

Revision with_column(std::string column, Type type) {
  Revision r;
  r.id = "aaaaaaaaaaaa";
  r.upgrade = [column, type](Op& op) {
    op.create_table(Table("t")
                        .column(Column("id", Type::text()).not_null())
                        .column(Column(column, type))
                        .primary({"id"}));
  };
  return r;
}

TEST(Checksum, StableForTheSameOperations) {
  EXPECT_EQ(checksum(with_column("a", Type::text())), checksum(with_column("a", Type::text())));
  EXPECT_EQ(checksum(with_column("a", Type::text())).size(), 64u);
}

TEST(Checksum, ChangesWhenAnOperationChanges) {
  const auto base = checksum(with_column("a", Type::text()));
  EXPECT_NE(base, checksum(with_column("b", Type::text())));
  EXPECT_NE(base, checksum(with_column("a", Type::string(10))));
  Revision r = with_column("a", Type::text());
  r.transactional = false;
  EXPECT_NE(base, checksum(r));
}

TEST(Checksum, DowngradeAndMessageDoNotCount) {
  Revision a = with_column("a", Type::text());
  Revision b = a;
  b.message = "reworded";
  b.downgrade = [](Op& op) { op.drop_table("t"); };
  EXPECT_EQ(checksum(a), checksum(b));
}

TEST(Checksum, CanonicalTextIsUnambiguous) {
  Op one(Dialect::sqlite), two(Dialect::sqlite);
  one.execute("a;b", "c");
  two.execute("a", "b;c");
  EXPECT_NE(canonical(one.operations()), canonical(two.operations()));
}

}  // namespace
}  // namespace atrium::migrate

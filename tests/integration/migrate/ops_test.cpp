// Every operation rendered and executed on the real database, up one revision at a time and
// back down, with `check` clean at each step and no row lost (SQLite's rebuilds included: a
// rebuilt parent table must not cascade-delete its children).

#include "migrate_fixture.hpp"

namespace atrium::testing {
namespace {

using namespace migrate;

std::vector<Revision> every_op_revisions() {
  std::vector<Revision> out;
  Revision r1;
  r1.id = "aaaa00000001";
  r1.message = "create widgets and parts";
  r1.upgrade = [](Op& op) {
    op.create_table(
        Table("widgets")
            .column(Column("id", Type::uuid()).not_null())
            .column(Column("name", Type::string(50)).not_null())
            .column(
                Column("qty", Type::integer()).not_null().default_(Default::of(std::int64_t{0})))
            .column(Column("created_at", Type::timestamp()).not_null().default_(Default::now()))
            .primary({"id"}));
    op.create_table(Table("parts")
                        .column(Column("id", Type::text()).not_null())
                        .column(Column("widget_id", Type::uuid()))
                        .column(Column("label", Type::text()))
                        .primary({"id"}));
    op.bulk_insert(
        "widgets", {"id", "name", "qty"},
        {{std::string("00000000-0000-4000-8000-000000000001"), std::string("one"), std::int64_t{1}},
         {std::string("00000000-0000-4000-8000-000000000002"), std::string("two"), std::int64_t{2}},
         {std::string("00000000-0000-4000-8000-000000000003"), std::string("it's"),
          std::int64_t{0}}});
    op.bulk_insert(
        "parts", {"id", "widget_id", "label"},
        {{std::string("p1"), std::string("00000000-0000-4000-8000-000000000001"), std::string("a")},
         {std::string("p2"), std::string("00000000-0000-4000-8000-000000000002"), std::string("b")},
         {std::string("p3"), db::Value(db::null), std::string("c")}});
  };
  r1.downgrade = [](Op& op) {
    op.drop_table("parts");
    op.drop_table("widgets");
  };
  out.push_back(r1);

  Revision r2;
  r2.id = "aaaa00000002";
  r2.down_revisions = {r1.id};
  r2.message = "columns and indexes";
  r2.upgrade = [](Op& op) {
    op.add_column("widgets", Column("note", Type::text()));
    op.add_column("widgets",
                  Column("flag", Type::boolean()).not_null().default_(Default::of(false)));
    op.create_index("ix_widgets_name", "widgets", {"name"});
    op.create_index("ix_widgets_qty_positive", "widgets", {"qty"}, {.where = "qty > 0"});
  };
  r2.downgrade = [](Op& op) {
    op.drop_index("ix_widgets_qty_positive", "widgets");
    op.drop_index("ix_widgets_name", "widgets");
    op.drop_column("widgets", "flag");
    op.drop_column("widgets", "note");
  };
  out.push_back(r2);

  Revision r3;
  r3.id = "aaaa00000003";
  r3.down_revisions = {r2.id};
  r3.message = "constraints on an existing table";
  r3.upgrade = [](Op& op) {
    op.create_foreign_key("fk_parts_widget_id_widgets", "parts", {"widget_id"}, "widgets", {"id"},
                          FkAction::cascade);
    op.create_unique_constraint("uq_parts_label", "parts", {"label"});
  };
  r3.downgrade = [](Op& op) {
    op.drop_constraint("uq_parts_label", "parts", ConstraintKind::unique);
    op.drop_constraint("fk_parts_widget_id_widgets", "parts", ConstraintKind::foreign_key);
  };
  out.push_back(r3);

  Revision r4;
  r4.id = "aaaa00000004";
  r4.down_revisions = {r3.id};
  r4.message = "alter columns of a referenced table";
  r4.upgrade = [](Op& op) {
    op.alter_column("widgets", "name", {.type = Type::string(100), .nullable = true});
    op.alter_column("widgets", "qty",
                    {.server_default = std::optional<Default>(Default::of(std::int64_t{1}))});
    op.alter_column("widgets", "note", {.new_name = "remark"});
  };
  r4.downgrade = [](Op& op) {
    op.alter_column("widgets", "remark", {.new_name = "note"});
    op.alter_column("widgets", "qty",
                    {.server_default = std::optional<Default>(Default::of(std::int64_t{0}))});
    op.alter_column("widgets", "name", {.type = Type::string(50), .nullable = false});
  };
  out.push_back(r4);

  Revision r5;
  r5.id = "aaaa00000005";
  r5.down_revisions = {r4.id};
  r5.message = "rename a table, execute and a data step";
  r5.upgrade = [](Op& op) {
    op.rename_table("parts", "components");
    op.execute("UPDATE widgets SET qty = qty + 10");
    op.execute("", "SELECT 1");  // SQLite only
    op.run_data_migration("remark every widget", "1", [](db::Connection& conn) {
      const auto n = conn.query("SELECT count(*) FROM components")[0].integer(0);
      conn.execute("UPDATE widgets SET remark = $1",
                   {std::string("components: ") + std::to_string(n)});
    });
  };
  r5.downgrade = [](Op& op) {
    op.execute("UPDATE widgets SET qty = qty - 10");
    op.rename_table("components", "parts");
  };
  out.push_back(r5);

  Revision r6;
  r6.id = "aaaa00000006";
  r6.down_revisions = {r5.id};
  r6.message = "drop a column";
  r6.upgrade = [](Op& op) { op.drop_column("widgets", "remark"); };
  r6.downgrade = [](Op& op) { op.add_column("widgets", Column("remark", Type::text())); };
  out.push_back(r6);
  return out;
}

class EveryOp : public MigrateTest {};

TEST_F(EveryOp, UpAndDownWithCheckCleanAndNoRowLost) {
  const RevisionGraph graph(every_op_revisions());
  auto database = open();
  auto lease = database->acquire();
  Runner runner(graph, *lease, runner_options());
  auto rows = [&](const std::string& table) {
    return lease->query("SELECT count(*) FROM " + table)[0].integer(0);
  };
  const auto steps = graph.applied(graph.heads());
  for (const auto& id : steps) {
    ASSERT_EQ(runner.upgrade("+1"), 1) << id;
    expect_clean(*database, graph, "after upgrading to " + id);
    EXPECT_EQ(rows("widgets"), 3) << id;
    EXPECT_EQ(rows(id >= "aaaa00000005" ? "components" : "parts"), 3) << id;
  }
  EXPECT_EQ(lease->query("SELECT sum(qty) FROM widgets")[0].integer(0), 33);
  // The unique constraint and foreign key created on an existing table are enforced.
  EXPECT_THROW(lease->execute("INSERT INTO components (id, label) VALUES ('p4', 'a')"),
               db::DbError);
  EXPECT_THROW(lease->execute("INSERT INTO components (id, widget_id) VALUES ('p5', "
                              "'00000000-0000-4000-8000-00000000dead')"),
               db::DbError);
  // Renamed/nullable name accepts NULL now.
  lease->execute("INSERT INTO widgets (id) VALUES ('00000000-0000-4000-8000-000000000009')");
  EXPECT_EQ(lease->query("SELECT qty FROM widgets WHERE name IS NULL")[0].integer(0), 1);
  lease->execute("DELETE FROM widgets WHERE name IS NULL");
  // ON DELETE CASCADE survived every rebuild.
  lease->execute("DELETE FROM widgets WHERE id = '00000000-0000-4000-8000-000000000001'");
  EXPECT_EQ(rows("components"), 2);
  lease->execute(
      "INSERT INTO widgets (id, name) VALUES ('00000000-0000-4000-8000-000000000001', 'one')");
  lease->execute(
      "INSERT INTO components (id, widget_id, label) VALUES ('p1', "
      "'00000000-0000-4000-8000-000000000001', 'a')");

  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    ASSERT_EQ(runner.downgrade("-1"), 1) << *it;
    expect_clean(*database, graph, "after downgrading " + *it);
    if (*it != steps.front()) {
      EXPECT_EQ(rows("widgets"), 3) << *it;
      EXPECT_EQ(rows(*it > "aaaa00000005" ? "components" : "parts"), 3) << *it;
    }
  }
  EXPECT_FALSE(migrate::table_exists(*lease, "widgets"));
}

TEST_F(EveryOp, DataStepSeesTheRevisionsOwnChanges) {
  const RevisionGraph graph(every_op_revisions());
  auto database = open();
  auto lease = database->acquire();
  Runner runner(graph, *lease, runner_options());
  runner.upgrade("aaaa00000005");
  EXPECT_EQ(
      lease->query("SELECT count(*) FROM widgets WHERE remark = 'components: 3'")[0].integer(0), 3);
}

}  // namespace
}  // namespace atrium::testing

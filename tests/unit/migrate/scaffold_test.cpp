// `atrium db revision`/`merge` write a file from the template and add it to the manifest; the
// graph is read back from the sources.

#include "migrate/scaffold.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "migrate/graph.hpp"

namespace atrium::migrate {
namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class Scaffold : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("atrium-scaffold-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "revisions.cpp") << "migrate::Revision revision_x();\n"
                                             "// atrium:declarations (here)\n"
                                             "std::vector<migrate::Revision> revisions() {\n"
                                             "  return {\n"
                                             "      revision_x(),\n"
                                             "      // atrium:revisions (here)\n"
                                             "  };\n}\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(Scaffold, WritesTheFileAndTheManifestLines) {
  Revision r;
  r.id = "0123456789ab";
  r.down_revisions = {"d4a7f9b1c536"};
  r.message = "Add \"quoted\" things";
  const auto path = write_revision_source(dir_, r);
  EXPECT_EQ(path.filename(), "0123456789ab_add_quoted_things.cpp");
  const auto manifest = read(dir_ / "revisions.cpp");
  EXPECT_NE(manifest.find("migrate::Revision revision_0123456789ab();\n// atrium:declarations"),
            std::string::npos);
  EXPECT_NE(manifest.find("      revision_0123456789ab(),\n      // atrium:revisions"),
            std::string::npos);
  const auto scanned = scan_revision_sources(dir_);
  ASSERT_EQ(scanned.size(), 1u);
  EXPECT_EQ(scanned[0].id, "0123456789ab");
  EXPECT_EQ(scanned[0].down_revisions, std::vector<std::string>{"d4a7f9b1c536"});
  EXPECT_EQ(scanned[0].message, "Add \"quoted\" things");
  EXPECT_THROW(write_revision_source(dir_, r), std::runtime_error);
}

TEST_F(Scaffold, ScannedSourcesFormAGraph) {
  Revision a;
  a.id = "aaaaaaaaaaaa";
  a.message = "a";
  write_revision_source(dir_, a);
  Revision b;
  b.id = "bbbbbbbbbbbb";
  b.down_revisions = {"aaaaaaaaaaaa"};
  b.message = "b";
  write_revision_source(dir_, b);
  Revision c;
  c.id = "cccccccccccc";
  c.down_revisions = {"aaaaaaaaaaaa"};
  c.message = "c";
  write_revision_source(dir_, c);
  RevisionGraph g(scan_revision_sources(dir_));
  EXPECT_EQ(g.heads().size(), 2u);
}

TEST(Slug, AsAlembicMakesThem) {
  EXPECT_EQ(slugify("Add user_id to chat sessions!"), "add_user_id_to_chat_sessions");
  EXPECT_EQ(slugify("???"), "revision");
  EXPECT_LE(slugify(std::string(100, 'a')).size(), 40u);
  EXPECT_EQ(new_revision_id().size(), 12u);
  EXPECT_NE(new_revision_id(), new_revision_id());
}

}  // namespace
}  // namespace atrium::migrate

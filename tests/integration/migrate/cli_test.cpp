// What `atrium db` prints, in Alembic's words (alembic.md §4.4), and the scaffolding commands.

#include <fstream>
#include <sstream>

#include "migrate_fixture.hpp"

namespace atrium::testing {
namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

class Cli : public MigrateTest {};

TEST_F(Cli, HeadsHistoryShowBranches) {
  const auto head = heads_from_cli();
  ASSERT_EQ(head.size(), 1u);
  auto heads = atrium({"heads"});
  EXPECT_EQ(heads.out, head.front() + " (head)\n");

  auto history = atrium({"history"});
  ASSERT_EQ(history.exit_code, 0);
  const auto h = lines(history.out);
  ASSERT_EQ(h.size(), schema::graph().applied(head).size());
  EXPECT_NE(h.front().find("-> " + head.front() + " (head), "), std::string::npos) << h.front();
  EXPECT_EQ(h.back(), "<base> -> e58d1bdc4ddb, initial_schema_chat_tables");
  EXPECT_EQ(h[h.size() - 2], "e58d1bdc4ddb -> 7a3e5c2b9f10, better_auth_core_tables");

  auto range = atrium({"history", "-r", "e58d1bdc4ddb:a1d4c6e8f203"});
  EXPECT_EQ(range.out,
            "7a3e5c2b9f10 -> a1d4c6e8f203, add_user_id_to_chat_sessions\n"
            "e58d1bdc4ddb -> 7a3e5c2b9f10, better_auth_core_tables\n"
            "<base> -> e58d1bdc4ddb, initial_schema_chat_tables\n");
  auto bad_range = atrium({"history", "-r", "e58d"});
  EXPECT_EQ(bad_range.exit_code, 2);
  EXPECT_EQ(bad_range.err, "FAILED: History range requires [start]:[end], [start]:, or :[end]\n");

  auto show = atrium({"show", "e58d1bdc4ddb"});
  ASSERT_EQ(show.exit_code, 0);
  const auto s = lines(show.out);
  ASSERT_GE(s.size(), 5u);
  EXPECT_EQ(s[0], "Rev: e58d1bdc4ddb");
  EXPECT_EQ(s[1], "Parent: <base>");
  EXPECT_EQ(s[2].rfind("Path: ", 0), 0u);
  EXPECT_NE(s[2].find("e58d1bdc4ddb_initial_schema_chat_tables.cpp"), std::string::npos);
  EXPECT_EQ(s[3], "");
  EXPECT_EQ(s[4], "    initial_schema_chat_tables");
  EXPECT_EQ(atrium({"show", "base"}).out, "");
  auto unknown = atrium({"show", "zzzz"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err, "FAILED: Can't locate revision identified by 'zzzz'\n");

  EXPECT_EQ(atrium({"branches"}).out, "");  // the shipped chain is linear
}

TEST_F(Cli, CurrentVerboseAndIndicateCurrent) {
  ASSERT_EQ(atrium({"upgrade", "a1d4c6e8f203"}).exit_code, 0);
  auto v = atrium({"current", "-v"});
  ASSERT_EQ(v.exit_code, 0) << v.err;
  const auto l = lines(v.out);
  ASSERT_GE(l.size(), 3u);
  EXPECT_EQ(l[0].rfind("Current revision(s) for ", 0), 0u);
  EXPECT_EQ(l[1], "Rev: a1d4c6e8f203");
  EXPECT_EQ(l[2], "Parent: 7a3e5c2b9f10");
  auto history = atrium({"history", "-i"});
  EXPECT_NE(
      history.out.find("7a3e5c2b9f10 -> a1d4c6e8f203 (current), add_user_id_to_chat_sessions\n"),
      std::string::npos)
      << history.out;
  auto since = atrium({"history", "-r", "current:"});
  EXPECT_EQ(lines(since.out).back(), "7a3e5c2b9f10 -> a1d4c6e8f203, add_user_id_to_chat_sessions");
}

TEST_F(Cli, BadUrlIsAConfigurationError) {
  auto r = run_process({atrium_binary(), "db", "current", "--url", "mysql://nope"}, env());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(lines(r.err).size(), 1u) << r.err;
}

class Scaffold : public MigrateTest {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("atrium-schema-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::copy(std::filesystem::path(ATRIUM_SOURCE_DIR) / "src" / "schema", dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  ProcessResult db(std::vector<std::string> args) {
    args.push_back("--schema-dir");
    args.push_back(dir_.string());
    return atrium(args, false);
  }
  std::string read(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::filesystem::path generated(const ProcessResult& r) {
    // "Generating <path> ...  done"
    const std::string prefix = "Generating ";
    EXPECT_EQ(r.out.rfind(prefix, 0), 0u) << r.out;
    const auto end = r.out.find(" ...  done");
    EXPECT_NE(end, std::string::npos) << r.out;
    return r.out.substr(prefix.size(), end - prefix.size());
  }
  std::filesystem::path dir_;
};

TEST_F(Scaffold, RevisionBranchAndMerge) {
  const auto head = heads_from_cli().front();
  auto r = db({"revision", "-m", "Add a thing", "--rev-id", "0a0a0a0a0a0a"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto file = generated(r);
  EXPECT_EQ(file.filename(), "0a0a0a0a0a0a_add_a_thing.cpp");
  const auto source = read(file);
  EXPECT_NE(source.find(".down_revisions = {\"" + head + "\"}"), std::string::npos) << source;
  const auto manifest = read(dir_ / "revisions.cpp");
  EXPECT_NE(manifest.find("migrate::Revision revision_0a0a0a0a0a0a();"), std::string::npos);
  EXPECT_NE(manifest.find("revision_0a0a0a0a0a0a(),"), std::string::npos);
  // The template is valid C++ against atrium's headers.
  auto compile = run_process({"/usr/bin/c++", "-std=c++20", "-fsyntax-only", "-I",
                              std::string(ATRIUM_SOURCE_DIR) + "/src", file.string()});
  EXPECT_EQ(compile.exit_code, 0) << compile.err;

  auto not_head = db({"revision", "-m", "branch", "--head", "e58d1bdc4ddb"});
  EXPECT_EQ(not_head.exit_code, 2);
  EXPECT_EQ(not_head.err,
            "FAILED: Revision e58d1bdc4ddb is not a head revision; please specify --splice to "
            "create a new branch from this revision\n");
  ASSERT_EQ(db({"revision", "-m", "branch", "--head", head, "--splice", "--rev-id", "0b0b0b0b0b0b"})
                .exit_code,
            0);
  auto ambiguous = db({"revision", "-m", "which"});
  EXPECT_EQ(ambiguous.exit_code, 2);
  EXPECT_EQ(ambiguous.err,
            "FAILED: Multiple heads are present; please specify the head revision on which the new "
            "revision should be based, or perform a merge.\n");
  auto merge = db({"merge", "-m", "merge the branches", "heads", "--rev-id", "0c0c0c0c0c0c"});
  ASSERT_EQ(merge.exit_code, 0) << merge.err;
  EXPECT_NE(read(generated(merge)).find(".down_revisions = {\"0a0a0a0a0a0a\", \"0b0b0b0b0b0b\"}"),
            std::string::npos);
  auto after = db({"revision", "-m", "after the merge", "--depends-on", "e58d"});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  const auto last = read(generated(after));
  EXPECT_NE(last.find(".down_revisions = {\"0c0c0c0c0c0c\"}"), std::string::npos) << last;
  EXPECT_NE(last.find(".depends_on = {\"e58d1bdc4ddb\"}"), std::string::npos) << last;
}

}  // namespace
}  // namespace atrium::testing

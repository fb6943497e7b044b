#include "migrate/scaffold.hpp"

#include <fstream>
#include <regex>
#include <sstream>

#include "core/random.hpp"
#include "migrate/errors.hpp"

namespace atrium::migrate {
namespace {

constexpr const char* kManifest = "revisions.cpp";
constexpr const char* kDeclMarker = "// atrium:declarations";
constexpr const char* kListMarker = "// atrium:revisions";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      ++i;
      out += s[i] == 'n' ? '\n' : s[i];
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::vector<std::string> string_list(const std::string& source, const std::string& field) {
  std::vector<std::string> out;
  const std::regex list_re("\\." + field + R"(\s*=\s*\{([^}]*)\})");
  std::smatch m;
  if (!std::regex_search(source, m, list_re)) return out;
  const std::string inner = m[1].str();
  const std::regex item_re(R"re("((?:[^"\\]|\\.)*)")re");
  for (auto it = std::sregex_iterator(inner.begin(), inner.end(), item_re);
       it != std::sregex_iterator(); ++it) {
    out.push_back(unescape((*it)[1].str()));
  }
  return out;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i ? ", \"" : "\"") + escape(items[i]) + "\"";
  return out + "}";
}

}  // namespace

std::vector<Revision> scan_revision_sources(const std::filesystem::path& dir) {
  std::vector<Revision> out;
  if (!std::filesystem::is_directory(dir)) {
    throw RevisionError("no revision directory at " + dir.string() +
                            " (run from the source tree or pass --schema-dir)",
                        true);
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".cpp" && entry.path().filename() != kManifest) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  const std::regex id_re(R"re(\.id\s*=\s*"([^"]*)")re");
  const std::regex message_re(R"re(\.message\s*=\s*"((?:[^"\\]|\\.)*)")re");
  for (const auto& file : files) {
    const std::string source = read_file(file);
    std::smatch m;
    if (!std::regex_search(source, m, id_re)) continue;
    Revision r;
    r.id = m[1].str();
    r.down_revisions = string_list(source, "down_revisions");
    r.branch_labels = string_list(source, "branch_labels");
    r.depends_on = string_list(source, "depends_on");
    if (std::regex_search(source, m, message_re)) r.message = unescape(m[1].str());
    r.path = file.string();
    out.push_back(std::move(r));
  }
  return out;
}

std::string new_revision_id() {
  const std::string uuid = generate_uuid_v4(system_random());
  std::string hex;
  for (char c : uuid) {
    if (c != '-') hex += c;
  }
  return hex.substr(hex.size() - 12);
}

std::string slugify(const std::string& message) {
  std::string out;
  for (char c : message.substr(0, message.find('\n'))) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.size() > 40) {
    out.resize(40);
    while (!out.empty() && out.back() == '_') out.pop_back();
  }
  return out.empty() ? "revision" : out;
}

std::filesystem::path write_revision_source(const std::filesystem::path& dir, const Revision& r) {
  const auto manifest_path = dir / kManifest;
  std::string manifest = read_file(manifest_path);
  const auto decl = manifest.find(kDeclMarker);
  const auto list = manifest.find(kListMarker);
  if (decl == std::string::npos || list == std::string::npos) {
    throw RevisionError(manifest_path.string() + " has no '" + kDeclMarker + "' and '" +
                        kListMarker + "' markers to add the revision at");
  }
  auto path = dir / (r.id + "_" + slugify(r.message) + ".cpp");
  if (std::filesystem::exists(path)) throw RevisionError(path.string() + " already exists");

  std::ostringstream s;
  s << "// " << r.id << ": " << r.message.substr(0, r.message.find('\n')) << "\n\n"
    << "#include \"migrate/revision.hpp\"\n\n"
    << "namespace atrium::schema {\n\n"
    << "migrate::Revision revision_" << r.id << "() {\n"
    << "  using namespace migrate;\n"
    << "  return {\n"
    << "      .id = \"" << r.id << "\",\n"
    << "      .down_revisions = " << quoted_list(r.down_revisions) << ",\n"
    << "      .branch_labels = " << quoted_list(r.branch_labels) << ",\n"
    << "      .depends_on = " << quoted_list(r.depends_on) << ",\n"
    << "      .message = \"" << escape(r.message) << "\",\n"
    << "      .upgrade = [](Op& op) { (void)op; },\n"
    << "      .downgrade = [](Op& op) { (void)op; },\n"
    << "      .path = __FILE__,\n"
    << "  };\n"
    << "}\n\n"
    << "}  // namespace atrium::schema\n";
  {
    std::ofstream out(path, std::ios::binary);
    out << s.str();
    if (!out) throw RevisionError("cannot write " + path.string());
  }
  // Insert the later marker first so the earlier offset stays valid.
  auto line_start = [&](std::size_t pos) {
    const auto nl = manifest.rfind('\n', pos);
    return nl == std::string::npos ? 0 : nl + 1;
  };
  const std::size_t list_line = line_start(list);
  const std::string indent = manifest.substr(list_line, list - list_line);
  manifest.insert(list_line, indent + "revision_" + r.id + "(),\n");
  const std::size_t decl_line = line_start(manifest.find(kDeclMarker));
  manifest.insert(decl_line, "migrate::Revision revision_" + r.id + "();\n");
  {
    std::ofstream out(manifest_path, std::ios::binary);
    out << manifest;
    if (!out) throw RevisionError("cannot write " + manifest_path.string());
  }
  return path;
}

}  // namespace atrium::migrate

#include "mail_message.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace atrium::testing {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

// Splits "headers CRLF CRLF body" and unfolds the headers.
std::map<std::string, std::string> parse_headers(std::string_view block) {
  std::map<std::string, std::string> out;
  std::string name;
  std::size_t pos = 0;
  while (pos < block.size()) {
    auto end = block.find("\r\n", pos);
    if (end == std::string_view::npos) end = block.size();
    const auto line = block.substr(pos, end - pos);
    pos = end + 2;
    if (line.empty()) continue;
    if ((line[0] == ' ' || line[0] == '\t') && !name.empty()) {
      out[name] += std::string(line);
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    name = lower(std::string(line.substr(0, colon)));
    out[name] = trim(line.substr(colon + 1));
  }
  return out;
}

std::string param(const std::string& value, const std::string& key) {
  const auto at = lower(value).find(key + "=");
  if (at == std::string::npos) return {};
  auto v = value.substr(at + key.size() + 1);
  if (!v.empty() && v[0] == '"') {
    return v.substr(1, v.find('"', 1) - 1);
  }
  return v.substr(0, v.find_first_of("; "));
}

std::string crlf_to_lf(std::string s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    out.push_back(s[i]);
  }
  return out;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string decode_part(const std::map<std::string, std::string>& headers, std::string_view body) {
  const auto it = headers.find("content-transfer-encoding");
  const auto encoding = it == headers.end() ? std::string() : lower(it->second);
  if (encoding == "quoted-printable") return crlf_to_lf(decode_quoted_printable(body));
  if (encoding == "base64") return crlf_to_lf(decode_base64(body));
  return crlf_to_lf(std::string(body));
}

}  // namespace

std::string MailMessage::header(const std::string& name) const {
  const auto it = headers.find(lower(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string decode_quoted_printable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out.push_back(text[i]);
    } else if (i + 2 < text.size() && text[i + 1] == '\r' && text[i + 2] == '\n') {
      i += 2;  // soft line break
    } else if (i + 1 < text.size() && text[i + 1] == '\n') {
      i += 1;
    } else if (i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
      i += 2;
    } else {
      out.push_back('=');
    }
  }
  return out;
}

std::string decode_base64(std::string_view text) {
  static const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    const auto v = alphabet.find(c);
    if (v == std::string::npos) continue;  // padding, line breaks
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

std::string decode_header_words(std::string_view value) {
  std::string out;
  std::size_t pos = 0;
  bool last_was_word = false;
  while (pos < value.size()) {
    const auto start = value.find("=?", pos);
    if (start == std::string_view::npos) {
      out.append(value.substr(pos));
      break;
    }
    const auto between = value.substr(pos, start - pos);
    // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
    if (!(last_was_word && between.find_first_not_of(" \t\r\n") == std::string_view::npos)) {
      out.append(between);
    }
    const auto q1 = value.find('?', start + 2);
    const auto q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
    const auto end = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
    if (end == std::string_view::npos) {
      out.append(value.substr(start));
      break;
    }
    const auto encoding = std::toupper(static_cast<unsigned char>(value[q1 + 1]));
    const auto payload = value.substr(q2 + 1, end - q2 - 1);
    if (encoding == 'B') {
      out += decode_base64(payload);
    } else {
      std::string q(payload);
      std::replace(q.begin(), q.end(), '_', ' ');
      out += decode_quoted_printable(q);
    }
    pos = end + 2;
    last_was_word = true;
  }
  return out;
}

MailMessage parse_mail(std::string raw) {
  MailMessage m;
  m.raw = std::move(raw);
  const auto split = m.raw.find("\r\n\r\n");
  if (split == std::string::npos) throw std::runtime_error("not a mail message: no header end");
  m.headers = parse_headers(std::string_view(m.raw).substr(0, split + 2));
  m.subject = decode_header_words(m.header("subject"));
  const auto body = std::string_view(m.raw).substr(split + 4);
  const auto type = m.header("content-type");
  const auto boundary = param(type, "boundary");
  if (boundary.empty()) {
    (lower(type).find("text/html") != std::string::npos ? m.html : m.text) =
        decode_part(m.headers, body);
    return m;
  }
  const std::string delimiter = "--" + boundary;
  std::size_t pos = body.find(delimiter);
  while (pos != std::string_view::npos) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") break;
    pos = body.find("\r\n", pos);
    if (pos == std::string_view::npos) break;
    pos += 2;
    auto next = body.find("\r\n" + delimiter, pos);
    if (next == std::string_view::npos) next = body.size();
    const auto part = body.substr(pos, next - pos);
    const auto part_split = part.find("\r\n\r\n");
    if (part_split != std::string_view::npos) {
      const auto headers = parse_headers(part.substr(0, part_split + 2));
      const auto ct = headers.count("content-type") ? lower(headers.at("content-type")) : "";
      const auto decoded = decode_part(headers, part.substr(part_split + 4));
      if (ct.find("text/plain") != std::string::npos) m.text = decoded;
      if (ct.find("text/html") != std::string::npos) m.html = decoded;
    }
    pos = next == body.size() ? std::string_view::npos : next + 2;
  }
  return m;
}

MailMessage read_mail_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse_mail(buf.str());
}

std::vector<std::string> mail_files(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() > 4 && name.front() != '.' &&
        name.substr(name.size() - 4) == ".eml") {
      out.push_back(entry.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string first_url(std::string_view text) {
  auto start = text.find("http://");
  const auto https = text.find("https://");
  if (https < start) start = https;
  if (start == std::string_view::npos) return {};
  const auto end = text.find_first_of(" \t\r\n\"'<>", start);
  return std::string(text.substr(start, end == std::string_view::npos ? end : end - start));
}

}  // namespace atrium::testing

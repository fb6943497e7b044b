#include "mail/templates.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace atrium::mail {
namespace {

constexpr MailKind kAllKinds[] = {MailKind::verify_email, MailKind::change_email_confirmation,
                                  MailKind::change_email_verification, MailKind::reset_password,
                                  MailKind::delete_account};

std::string html_page(std::string_view heading, std::string_view paragraph,
                      std::string_view button) {
  std::string out = "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>";
  out += heading;
  out +=
      "</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.5\">\n"
      "<p>Hello {{name}},</p>\n<p>";
  out += paragraph;
  out += "</p>\n<p><a href=\"{{url}}\">";
  out += button;
  out +=
      "</a></p>\n<p>If the button does not work, copy this link into your browser:<br>\n"
      "<a href=\"{{url}}\">{{url}}</a></p>\n"
      "<p>If you did not ask for this, you can ignore this e-mail.</p>\n</body>\n</html>\n";
  return out;
}

std::string text_body(std::string_view paragraph) {
  std::string out = "Hello {{name}},\n\n";
  out += paragraph;
  out +=
      "\n\n{{url}}\n\n"
      "If you did not ask for this, you can ignore this e-mail.\n";
  return out;
}

struct BuiltIn {
  const char* subject;
  const char* paragraph;
  const char* button;
};

BuiltIn built_in(MailKind kind) {
  switch (kind) {
    case MailKind::verify_email:
      return {"Verify your e-mail address",
              "Please confirm that {{email}} is your e-mail address by following this link:",
              "Verify e-mail address"};
    case MailKind::change_email_confirmation:
      return {"Confirm your e-mail address change",
              "Someone asked to change the e-mail address of your account from {{email}}. "
              "To approve the change, follow this link:",
              "Approve the change"};
    case MailKind::change_email_verification:
      return {"Verify your new e-mail address",
              "Please confirm that {{email}} is the new e-mail address of your account by "
              "following this link:",
              "Verify new e-mail address"};
    case MailKind::reset_password:
      return {"Reset your password",
              "Someone asked to reset the password of the account for {{email}}. To choose a "
              "new password, follow this link:",
              "Reset password"};
    case MailKind::delete_account:
      return {"Confirm deleting your account",
              "Someone asked to delete the account for {{email}}. This cannot be undone. To "
              "delete the account, follow this link:",
              "Delete my account"};
  }
  return {"", "", ""};
}

std::size_t index_of(MailKind kind) {
  return static_cast<std::size_t>(kind);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("ATRIUM_MAIL_TEMPLATES: cannot read " + path.string());
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw ConfigError("ATRIUM_MAIL_TEMPLATES: cannot read " + path.string());
  return buf.str();
}

}  // namespace

std::string_view kind_name(MailKind kind) {
  switch (kind) {
    case MailKind::verify_email:
      return "verify-email";
    case MailKind::change_email_confirmation:
      return "change-email-confirmation";
    case MailKind::change_email_verification:
      return "change-email-verification";
    case MailKind::reset_password:
      return "reset-password";
    case MailKind::delete_account:
      return "delete-account";
  }
  return "unknown";
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string fill_placeholders(std::string_view text, const MailRequest& request, bool html) {
  std::string out;
  out.reserve(text.size() + request.url.size() * 2);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    const auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(text.substr(pos, open - pos));
    const auto key = text.substr(open + 2, close - open - 2);
    const std::string* value = nullptr;
    if (key == "url") {
      value = &request.url;
    } else if (key == "name") {
      value = request.user_name.empty() ? &request.to : &request.user_name;
    } else if (key == "email") {
      value = &request.to;
    } else if (key == "token") {
      value = &request.token;
    }
    if (value == nullptr) {
      out.append(text.substr(open, close + 2 - open));
    } else {
      out += html ? escape_html(*value) : *value;
    }
    pos = close + 2;
  }
  out.append(text.substr(pos));
  return out;
}

Templates::Templates() {
  for (auto kind : kAllKinds) {
    const auto b = built_in(kind);
    sets_[index_of(kind)] = {b.subject, text_body(b.paragraph),
                             html_page(b.subject, b.paragraph, b.button)};
  }
}

Templates Templates::load(const std::string& dir) {
  Templates t;
  if (dir.empty()) return t;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw ConfigError("ATRIUM_MAIL_TEMPLATES must be a directory, not '" + dir + "'");
  }
  for (auto kind : kAllKinds) {
    auto& set = t.sets_[index_of(kind)];
    const auto base = std::filesystem::path(dir) / std::string(kind_name(kind));
    const auto load_one = [&](const char* ext, std::string& into) {
      auto path = base;
      path += ext;
      if (std::filesystem::exists(path, ec)) into = read_file(path);
    };
    load_one(".subject", set.subject);
    load_one(".txt", set.text);
    load_one(".html", set.html);
  }
  return t;
}

RenderedMail Templates::render(const MailRequest& request) const {
  const auto& set = sets_[index_of(request.kind)];
  RenderedMail out;
  out.subject = fill_placeholders(set.subject, request, false);
  // A subject file ends with a newline, and a value may hold one: neither may end the header.
  for (auto& c : out.subject) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  }
  const auto first = out.subject.find_first_not_of(' ');
  const auto last = out.subject.find_last_not_of(' ');
  out.subject = first == std::string::npos ? "" : out.subject.substr(first, last - first + 1);
  out.text = fill_placeholders(set.text, request, false);
  out.html = fill_placeholders(set.html, request, true);
  return out;
}

}  // namespace atrium::mail

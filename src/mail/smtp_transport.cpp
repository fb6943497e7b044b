#include "mail/smtp_transport.hpp"

#include <curl/curl.h>

#include <cstring>
#include <memory>

#include "core/config.hpp"
#include "mail/libcurl.hpp"
#include "mail/mail_error.hpp"

namespace atrium::mail {
namespace {

struct Upload {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const std::size_t room = size * count;
  const std::size_t n = std::min(room, up->data->size() - up->offset);
  // NOLINTNEXTLINE(bugprone-not-null-terminated-result): bytes for curl's buffer, not a C string
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  return n;
}

struct CurlDeleter {
  void operator()(CURL* c) const { libcurl().curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { libcurl().curl_slist_free_all(l); }
};

// Parenthesised so curl.h's type-checking macro of the same name does not expand (libcurl.hpp).
template <typename T>
void setopt(const LibCurl& api, CURL* c, CURLoption option, T value) {
  (api.curl_easy_setopt)(c, option, value);
}

// What the settings allow to be shown in a log: the URL without its credentials.
std::string redacted(const std::string& url) {
  const auto scheme_end = url.find("://");
  const auto at = url.find('@');
  if (scheme_end == std::string::npos || at == std::string::npos) return url;
  return url.substr(0, scheme_end + 3) + "***@" + url.substr(at + 1);
}

}  // namespace

SmtpSettings parse_smtp_url(const std::string& url, const std::string& ca_file) {
  SmtpSettings s;
  s.ca_file = ca_file;
  std::string rest;
  if (url.rfind("smtps://", 0) == 0) {
    s.implicit_tls = true;
    rest = url.substr(8);
  } else if (url.rfind("smtp://", 0) == 0) {
    rest = url.substr(7);
  } else {
    throw ConfigError("ATRIUM_SMTP_URL must start with smtp:// or smtps://");
  }
  std::string query;
  if (const auto q = rest.find('?'); q != std::string::npos) {
    query = rest.substr(q + 1);
    rest.erase(q);
  }
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  const bool has_credentials = authority.find('@') != std::string::npos;
  const auto host = has_credentials ? authority.substr(authority.rfind('@') + 1) : authority;
  if (host.empty() || host.front() == ':') throw ConfigError("ATRIUM_SMTP_URL has no host");
  s.starttls = has_credentials ? StartTls::required : StartTls::try_;
  if (!query.empty()) {
    if (query == "starttls=required") {
      s.starttls = StartTls::required;
    } else if (query == "starttls=try") {
      s.starttls = StartTls::try_;
    } else if (query == "starttls=off") {
      s.starttls = StartTls::off;
    } else {
      throw ConfigError("ATRIUM_SMTP_URL: the only query is starttls=required|try|off, not '" +
                        query + "'");
    }
    if (s.implicit_tls) throw ConfigError("ATRIUM_SMTP_URL: smtps:// takes no starttls setting");
    if (has_credentials && s.starttls != StartTls::required) {
      throw ConfigError(
          "ATRIUM_SMTP_URL: credentials need starttls=required (or smtps://) so AUTH is never "
          "sent in clear text");
    }
  }
  s.url = (s.implicit_tls ? "smtps://" : "smtp://") + rest;
  return s;
}

SmtpTransport::SmtpTransport(SmtpSettings settings) : settings_(std::move(settings)) {
  libcurl();  // a transport that could never deliver fails here, not at its first message
}

void SmtpTransport::deliver(const Message& message) {
  const std::string wire = to_rfc5322(message);
  const LibCurl& api = libcurl();
  std::unique_ptr<CURL, CurlDeleter> curl(api.curl_easy_init());
  if (!curl) throw MailError(true, "mail: libcurl could not start a transfer");
  std::unique_ptr<curl_slist, SlistDeleter> recipients(
      api.curl_slist_append(nullptr, ("<" + address_of(message.to) + ">").c_str()));
  const std::string mail_from = "<" + address_of(message.from) + ">";
  Upload upload{&wire};
  char error_buffer[CURL_ERROR_SIZE] = {};

  CURL* c = curl.get();
  setopt(api, c, CURLOPT_URL, settings_.url.c_str());
  setopt(api, c, CURLOPT_MAIL_FROM, mail_from.c_str());
  setopt(api, c, CURLOPT_MAIL_RCPT, recipients.get());
  setopt(api, c, CURLOPT_UPLOAD, 1L);
  setopt(api, c, CURLOPT_READFUNCTION, read_upload);
  setopt(api, c, CURLOPT_READDATA, &upload);
  setopt(api, c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(wire.size()));
  setopt(api, c, CURLOPT_ERRORBUFFER, error_buffer);
  setopt(api, c, CURLOPT_NOSIGNAL, 1L);
  setopt(api, c, CURLOPT_CONNECTTIMEOUT, settings_.connect_timeout_seconds);
  setopt(api, c, CURLOPT_TIMEOUT, settings_.timeout_seconds);
  setopt(api, c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  setopt(api, c, CURLOPT_SSL_VERIFYPEER, 1L);
  setopt(api, c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!settings_.ca_file.empty()) setopt(api, c, CURLOPT_CAINFO, settings_.ca_file.c_str());
  if (!settings_.implicit_tls) {
    const long use_ssl = settings_.starttls == StartTls::required ? CURLUSESSL_ALL
                         : settings_.starttls == StartTls::try_   ? CURLUSESSL_TRY
                                                                  : CURLUSESSL_NONE;
    setopt(api, c, CURLOPT_USE_SSL, use_ssl);
  }

  const CURLcode rc = api.curl_easy_perform(c);
  if (rc == CURLE_OK) return;
  long response = 0;
  (api.curl_easy_getinfo)(c, CURLINFO_RESPONSE_CODE, &response);
  const std::string detail = error_buffer[0] != '\0' ? error_buffer : api.curl_easy_strerror(rc);
  // A 5xx reply is the server's final word (unknown recipient, refused sender, bad
  // credentials); anything else (no connection, 4xx, TLS trouble) may pass.
  const bool permanent = response >= 500 && response < 600;
  throw MailError(!permanent,
                  "mail: SMTP delivery through " + redacted(settings_.url) + " failed: " + detail +
                      (response > 0 ? " (reply " + std::to_string(response) + ")" : std::string()));
}

}  // namespace atrium::mail

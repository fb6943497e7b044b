// Better Auth's default error page (api/routes/error.mjs), byte for byte, cut where the
// code and description go. Generated from the page Better Auth 1.7.25 renders.
#include "auth/error_page.hpp"

#include <cctype>

#include "http/cookie.hpp"

namespace atrium::auth {
namespace {

constexpr std::string_view kHead = R"html(<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>Error</title>
    <style>
      * {
        box-sizing: border-box;
      }
      body {
        font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
        background: var(--background);
        color: var(--foreground);
        margin: 0;
      }
      :root,
      :host {
        --spacing: 0.25rem;
        --container-md: 28rem;
        --text-sm: 0.875rem;
        --text-sm--line-height: calc(1.25 / 0.875);
        --text-2xl: 1.5rem;
        --text-2xl--line-height: calc(2 / 1.5);
        --text-4xl: 2.25rem;
        --text-4xl--line-height: calc(2.5 / 2.25);
        --text-6xl: 3rem;
        --text-6xl--line-height: 1;
        --font-weight-medium: 500;
        --font-weight-semibold: 600;
        --font-weight-bold: 700;
        --default-transition-duration: 150ms;
        --default-transition-timing-function: cubic-bezier(0.4, 0, 0.2, 1);
        --radius: 0.625rem;
        --default-mono-font-family: var(--font-geist-mono);
        --primary: black;
        --primary-foreground: white;
        --background: white;
        --foreground: oklch(0.271 0 0);
        --border: oklch(0.89 0 0);
        --destructive: oklch(0.55 0.15 25.723);
        --muted-foreground: oklch(0.545 0 0);
        --corner-border: #404040;
      }

      button, .btn {
        cursor: pointer;
        background: none;
        border: none;
        color: inherit;
        font: inherit;
        transition: all var(--default-transition-duration)
          var(--default-transition-timing-function);
      }
      button:hover, .btn:hover {
        opacity: 0.8;
      }

      @media (prefers-color-scheme: dark) {
        :root,
        :host {
          --primary: white;
          --primary-foreground: black;
          --background: oklch(0.15 0 0);
          --foreground: oklch(0.98 0 0);
          --border: oklch(0.27 0 0);
          --destructive: oklch(0.65 0.15 25.723);
          --muted-foreground: oklch(0.65 0 0);
          --corner-border: #a0a0a0;
        }
      }
      @media (max-width: 640px) {
        :root, :host {
          --text-6xl: 2.5rem;
          --text-2xl: 1.25rem;
          --text-sm: 0.8125rem;
        }
      }
      @media (max-width: 480px) {
        :root, :host {
          --text-6xl: 2rem;
          --text-2xl: 1.125rem;
        }
      }
    </style>
  </head>
  <body style="width: 100vw; min-height: 100vh; overflow-x: hidden; overflow-y: auto;">
    <div
        style="
            display: flex;
            flex-direction: column;
            align-items: center;
            justify-content: center;
            gap: 1.5rem;
            position: relative;
            width: 100%;
            min-height: 100vh;
            padding: 1rem;
        "
        >

      <div
        style="
          position: absolute;
          inset: 0;
          background-image: linear-gradient(to right, var(--border) 1px, transparent 1px),
            linear-gradient(to bottom, var(--border) 1px, transparent 1px);
          background-size: 40px 40px;
          opacity: 0.6;
          pointer-events: none;
          width: 100vw;
          height: 100vh;
        "
      ></div>
      <div
        style="
          position: absolute;
          inset: 0;
          display: flex;
          align-items: center;
          justify-content: center;
          background: var(--background);
          mask-image: radial-gradient(ellipse at center, transparent 20%, black);
          -webkit-mask-image: radial-gradient(ellipse at center, transparent 20%, black);
          pointer-events: none;
        "
      ></div>


<div
  style="
    position: relative;
    z-index: 10;
    border: 2px solid var(--border);
    background: var(--background);
    padding: 1.5rem;
    max-width: 42rem;
    width: 100%;
  "
>
    
        <!-- Corner decorations -->
        <div
          style="
            position: absolute;
            top: -2px;
            left: -2px;
            width: 2rem;
            height: 2rem;
            border-top: 4px solid var(--corner-border);
            border-left: 4px solid var(--corner-border);
          "
        ></div>
        <div
          style="
            position: absolute;
            top: -2px;
            right: -2px;
            width: 2rem;
            height: 2rem;
            border-top: 4px solid var(--corner-border);
            border-right: 4px solid var(--corner-border);
          "
        ></div>
  
        <div
          style="
            position: absolute;
            bottom: -2px;
            left: -2px;
            width: 2rem;
            height: 2rem;
            border-bottom: 4px solid var(--corner-border);
            border-left: 4px solid var(--corner-border);
          "
        ></div>
        <div
          style="
            position: absolute;
            bottom: -2px;
            right: -2px;
            width: 2rem;
            height: 2rem;
            border-bottom: 4px solid var(--corner-border);
            border-right: 4px solid var(--corner-border);
          "
        ></div>

        <div style="text-align: center; margin-bottom: 1.5rem;">
          <div style="margin-bottom: 1.5rem;">
            <div
              style="
                display: inline-block;
                border: 2px solid var(--destructive);
                padding: 0.375rem 1rem;
              "
            >
              <h1
                style="
                  font-size: var(--text-6xl);
                  font-weight: var(--font-weight-semibold);
                  color: var(--foreground);
                  letter-spacing: -0.02em;
                  margin: 0;
                "
              >
                ERROR
              </h1>
            </div>
            <div
              style="
                height: 2px;
                background-color: var(--border);
                width: calc(100% + 3rem);
                margin-left: -1.5rem;
                margin-top: 1.5rem;
              "
            ></div>
          </div>

          <h2
            style="
              font-size: var(--text-2xl);
              font-weight: var(--font-weight-semibold);
              color: var(--foreground);
              margin: 0 0 1rem;
            "
          >
            Something went wrong
          </h2>

          <div
            style="
                display: inline-flex;
                align-items: center;
                gap: 0.5rem;
                border: 2px solid var(--border);
                background-color: var(--muted);
                padding: 0.375rem 0.75rem;
                margin: 0 0 1rem;
                flex-wrap: wrap;
                justify-content: center;
            "
            >
            <span
                style="
                font-size: 0.75rem;
                color: var(--muted-foreground);
                font-weight: var(--font-weight-semibold);
                "
            >
                CODE:
            </span>
            <span
                style="
                font-size: var(--text-sm);
                font-family: var(--default-mono-font-family, monospace);
                color: var(--foreground);
                word-break: break-all;
                "
            >
                )html";
constexpr std::string_view kAfterCode = R"html(
            </span>
            </div>

          <p
            style="
              color: var(--muted-foreground);
              max-width: 28rem;
              margin: 0 auto;
              font-size: var(--text-sm);
              line-height: 1.5;
              text-wrap: pretty;
            "
          >
            )html";
constexpr std::string_view kAfterDescription = R"html(
          </p>
        </div>

        <div
          style="
            display: flex;
            gap: 0.75rem;
            margin-top: 1.5rem;
            justify-content: center;
            flex-wrap: wrap;
          "
        >
          <a
            href="/"
            style="
              text-decoration: none;
            "
          >
            <div
              style="
                border: 2px solid var(--border);
                background: var(--primary);
                color: var(--primary-foreground);
                padding: 0.5rem 1rem;
                border-radius: 0;
                white-space: nowrap;
              "
              class="btn"
            >
              Go Home
            </div>
          </a>
          <a
            href="https://better-auth.com/docs/reference/errors/)html";
constexpr std::string_view kAfterCodeInLink =
    R"html(?askai=What%20does%20the%20error%20code%20)html";
constexpr std::string_view kTail = R"html(%20mean%3F"
            target="_blank"
            rel="noopener noreferrer"
            style="
              text-decoration: none;
            "
          >
            <div
              style="
                border: 2px solid var(--border);
                background: transparent;
                color: var(--foreground);
                padding: 0.5rem 1rem;
                border-radius: 0;
                white-space: nowrap;
              "
              class="btn"
            >
              Ask AI
            </div>
          </a>
        </div>
      </div>
    </div>
  </body>
</html>)html";

}  // namespace

std::string sanitize_html(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped.push_back(c);
    }
  }
  // &(?!amp;|lt;|gt;|quot;|#39;|#x[0-9a-fA-F]+;|#[0-9]+;) -> &amp;
  auto is_entity = [&](std::size_t i) {
    const std::string_view rest = std::string_view(escaped).substr(i + 1);
    for (std::string_view e : {"amp;", "lt;", "gt;", "quot;", "#39;"}) {
      if (rest.substr(0, e.size()) == e) return true;
    }
    auto digits = [&](std::size_t start, bool hex) {
      std::size_t j = start;
      while (j < rest.size() && (std::isdigit(static_cast<unsigned char>(rest[j])) ||
                                 (hex && std::isxdigit(static_cast<unsigned char>(rest[j]))))) {
        ++j;
      }
      return j > start && j < rest.size() && rest[j] == ';';
    };
    if (rest.substr(0, 2) == "#x") return digits(2, true);
    if (rest.substr(0, 1) == "#") return digits(1, false);
    return false;
  };
  std::string out;
  out.reserve(escaped.size());
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '&' && !is_entity(i)) {
      out += "&amp;";
    } else {
      out.push_back(escaped[i]);
    }
  }
  return out;
}

std::string render_error_page(std::string_view code,
                              const std::optional<std::string>& description) {
  const std::string encoded_code = http::encode_uri_component(code);
  std::string out;
  out.reserve(kHead.size() + kAfterCode.size() + kAfterDescription.size() + kTail.size() + 512);
  out.append(kHead).append(sanitize_html(code)).append(kAfterCode);
  if (description && !description->empty()) {
    out.append(sanitize_html(*description));
  } else {
    out.append(
           "We encountered an unexpected error. Please try again or return to the home page. "
           "If you're a developer, you can find <a href='https://better-auth.com/docs/reference/"
           "errors/")
        .append(encoded_code)
        .append(
            "' target='_blank' rel=\"noopener noreferrer\" style='color: var(--foreground); "
            "text-decoration: underline;'>more information about the error</a>.");
  }
  out.append(kAfterDescription).append(encoded_code).append(kAfterCodeInLink);
  // encodeURIComponent(`What does the error code ${code} mean?`): the code is the only part
  // that varies, the rest is in the template.
  out.append(encoded_code).append(kTail);
  return out;
}

}  // namespace atrium::auth

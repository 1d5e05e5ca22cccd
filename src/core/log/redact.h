#pragma once

#include <QtCore/QString>
#include <QtCore/QUrl>

namespace capiqa::log {

/// What every secret is replaced by.
inline constexpr QLatin1StringView Redacted{"REDACTED"};

/// Replaces the value of every secret parameter (access_token, appsecret_proof, app_secret,
/// client_secret) with `REDACTED`, wherever it appears in `text`: query strings
/// (`access_token=…`), JSON (`"access_token": "…"`), form bodies and header lines
/// (`Authorization: Bearer …`). Keys match case-insensitively. Used by everything that prints a
/// URL, a header or a body, so that a token pasted into a profile never reaches a log, a
/// result or a screenshot.
QString redactSecrets(QString text);

/// The URL with the values of the same secret query parameters (and any password) replaced by
/// `REDACTED`; other parameters and their order are unchanged.
QUrl redactedUrl(const QUrl &url);

/// `redactedUrl(url)` as display text (fully decoded apart from the query).
QString redactedUrlText(const QUrl &url);

/// True for header names whose whole value is a secret (Authorization, Cookie, …).
bool isSecretHeader(QStringView name);

} // namespace capiqa::log

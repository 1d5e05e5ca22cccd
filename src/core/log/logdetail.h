#pragma once

#include "logentry.h"

#include <QtCore/QList>
#include <QtCore/QString>

#include <utility>

/// Text for the detail view of one log entry: what a person reads when they click a row.
namespace capiqa::log {

/// A JSON body pretty-printed (4-space indent); a form body (`data=…&test_event_code=…`) one
/// decoded field per line with JSON values pretty-printed; anything else (including a body the
/// bus cut short) unchanged. Secrets are redacted again, whatever the source.
QString prettyBody(const QString &body);

/// "Name: value" lines; secret headers show `REDACTED`.
QString headersText(const QList<Header> &headers);

/// "OK", "Too Many Requests", …; empty for codes without a common phrase.
QString httpReasonPhrase(int status);

/// The facts of `entry` as (label, value) rows, the empty ones left out. `pair` is the other
/// half of a request/answer pair (see LogModel::pairedRow()), or null: it adds the request's
/// URL to an answer and the answer's status to a request.
QList<std::pair<QString, QString>> entryFacts(const LogEntry &entry, const LogEntry *pair = nullptr);

} // namespace capiqa::log

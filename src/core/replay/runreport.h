#pragma once

#include "runstore.h"

#include <QtCore/QJsonObject>
#include <QtCore/QString>

#include <optional>

/// The report of a replay run, made from the run history, as JSON (for machines and the CLI's
/// shape), CSV (one row per event, for spreadsheets) or one self-contained HTML page (for a
/// ticket or an e-mail: no script, no external file). Never holds an access token: the history
/// does not keep one.
namespace capiqa::replay {

enum class ReportFormat : quint8 { Json, Csv, Html };

/// By the file's suffix (.json, .csv, .html / .htm); nullopt for any other.
std::optional<ReportFormat> reportFormatForPath(const QString &path);

/// The run, where its events went, its totals, the errors with how many events each, and every
/// event that was not accepted (at most `maxEvents` of them; "not_accepted_total" says how many).
/// Nullopt with `error` when the run is not in the history.
std::optional<QJsonObject> runReportJson(RunStore &store, qint64 runId, QString *error, qint64 maxEvents = 100'000);

/// One CSV cell (RFC 4180 quoting). A cell a spreadsheet would run as a formula (=, +, -, @
/// first) gets a leading apostrophe: event ids and errors come from files and servers.
QString csvField(const QString &value);

/// Writes the report of `runId` to `path` in `format`, atomically (QSaveFile). The CSV has one
/// line per event of the history, streamed: index,user,step,event_name,event_id,status,
/// retries,http_status,error_code,error,fbtrace_id,sent_at,finished_at (1-based user and
/// step, ISO 8601 UTC times). False with `error` naming the file.
bool writeRunReport(RunStore &store, qint64 runId, ReportFormat format, const QString &path, QString *error);

} // namespace capiqa::replay

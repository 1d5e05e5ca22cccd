#pragma once

#include "logentry.h"

#include <QtCore/QList>
#include <QtCore/QString>

#include <optional>

QT_BEGIN_NAMESPACE
class QIODevice;
QT_END_NAMESPACE

/// Saving log entries for other tools: JSON Lines (one entry per line, every field) and HAR 1.2
/// (the HTTP Archive format browsers' developer tools and proxies read). The entries come from a
/// LogBus, so secrets are already redacted; nothing here adds any.
namespace capiqa::log {

enum class ExportFormat { JsonLines, Har };

/// ".har" → Har, ".jsonl"/".ndjson"/".json" → JsonLines; nullopt otherwise.
std::optional<ExportFormat> exportFormatForPath(const QString &path);

struct ExportResult {
    qsizetype written = 0; ///< lines (JSON Lines) or HAR entries written
    qsizetype skipped = 0; ///< HAR only: entries that are not HTTP traffic (retries, warnings)
    QString error;         ///< empty on success; names the file when writing one

    bool ok() const { return error.isEmpty(); }
};

/// One object per line, keys in a fixed order: id, time (ISO 8601 UTC, ms), level, direction,
/// send_id, profile, message, method, url, http_status, events, duration_ms, fbtrace_id, error,
/// attempt, truncated, request_headers, request_body, response_headers, response_body.
ExportResult writeJsonLines(QIODevice &out, const QList<LogEntry> &entries);

/// One HAR 1.2 document: {"log": {"version": "1.2", "creator", "entries": […]}}. An outgoing
/// entry and the incoming answer to the same attempt of the same send become one HAR entry;
/// an answer without its request (or an emulator row) is an entry of its own, and a request
/// never answered gets status 0 and `_error`. Entries without HTTP traffic are skipped and
/// counted. capiqa's own fields (send id, attempt, fbtrace_id, …) go in `_capiqa`. Written
/// entry by entry, so 100,000 entries do not need one document in memory.
ExportResult writeHar(QIODevice &out, const QList<LogEntry> &entries);

/// Writes `entries` to `path` in `format` all or nothing (QSaveFile): a failed export never
/// leaves half a file in place of an older one.
ExportResult exportToFile(const QString &path, ExportFormat format, const QList<LogEntry> &entries);

} // namespace capiqa::log

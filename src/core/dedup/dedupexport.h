#pragma once

#include "capture/capturedevent.h"
#include "dedupresult.h"

#include <QtCore/QJsonObject>

class QIODevice;

/// The dedup report as JSON, CSV or a self-contained HTML page (what support sends a client).
/// Every writer streams event by event, so a million events never become one big string.
namespace capiqa::dedup {

enum class ReportFormat : quint8 { Json, Csv, Html };

std::optional<ReportFormat> reportFormatFromName(QStringView name);

/// {"events", "browser_events", "server_events", "categories": {name: count}, "pairs",
/// "merged_pairs", "dedup_rate", "counted_twice": {"conversions", "value": {currency: sum}},
/// "lost": {…}, "rejected", "window_hours", "inputs": […], "issues": […], "notes": […]}.
QJsonObject summaryJson(const capture::CaptureSet &captures, const DedupResult &result);
/// One event: category, effect, pixel_id, event_name, event_id, side, time (ISO 8601 UTC),
/// raw_time, time_unit, value/currency when sent, counterpart {side, pixel_id, event_name,
/// event_id, time} when there is one, explanation, fix, source {file, line, offset}.
QJsonObject eventJson(const capture::CaptureSet &captures, const DedupResult &result, qsizetype index);

/// Writes the report; false with `error` set when the device fails.
bool writeReport(QIODevice &out, ReportFormat format, const capture::CaptureSet &captures, const DedupResult &result,
                 QString *error);

/// The HTML report caps each category's table at this many rows (the JSON and CSV hold all).
constexpr qsizetype HtmlRowsPerCategory = 500;

} // namespace capiqa::dedup

#include "runreport.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QMap>
#include <QtCore/QSaveFile>

using namespace Qt::StringLiterals;

namespace capiqa::replay {

namespace {

// The HTML page lists at most this many events: a browser stays responsive, the CSV has them all.
constexpr qint64 MaxHtmlRows = 5'000;

QString when(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs) : QString();
}

QString ratio(qint64 part, qint64 whole)
{
    return whole > 0 ? u"%1 %"_s.arg(100.0 * double(part) / double(whole), 0, 'f', 1) : u"–"_s;
}

struct Gathered
{
    RunRecord run;
    ReplayCounts counts;
    QMap<QString, qint64> errors; ///< the error (or the status when there is none) → events
};

std::optional<Gathered> gather(RunStore &store, qint64 runId, QString *error,
                               const std::function<void(const EventOutcome &)> &notAccepted)
{
    const auto run = store.run(runId);
    if (!run) {
        *error = u"there is no run %1 in the history %2"_s.arg(runId).arg(store.path());
        return std::nullopt;
    }
    Gathered g;
    g.run = *run;
    g.counts = store.counts(runId, run->planned);
    const bool ok = store.forEachOutcome(runId, [&](const EventOutcome &o) {
        if (o.status == OutcomeStatus::Accepted || !isFinal(o.status))
            return;
        ++g.errors[o.error.isEmpty() ? statusName(o.status) : o.error];
        notAccepted(o);
    });
    if (!ok) {
        *error = store.errorString();
        return std::nullopt;
    }
    return g;
}

QJsonObject summaryJson(const Gathered &g)
{
    QJsonArray errors;
    for (auto it = g.errors.cbegin(); it != g.errors.cend(); ++it)
        errors.append(QJsonObject{{u"error"_s, it.key()}, {u"events"_s, it.value()}});
    return QJsonObject{
        {u"run_id"_s, g.run.id},
        {u"state"_s, runStateName(g.run.state)},
        {u"message"_s, g.run.message},
        {u"ok"_s, g.counts.allAccepted()},
        {u"funnel"_s, QJsonObject{{u"path"_s, g.run.funnelPath}, {u"name"_s, g.run.funnelName}, {u"steps"_s, g.run.steps},
                                  {u"sha256"_s, QString::fromLatin1(g.run.funnelSha256)}}},
        {u"config"_s, g.run.config},
        {u"created_ms"_s, g.run.createdMs},
        {u"updated_ms"_s, g.run.updatedMs},
        {u"counts"_s, toJson(g.counts)},
        {u"errors"_s, errors},
    };
}

// `write` returns why it failed (empty when it did not); the file is replaced only on success.
bool save(const QString &path, const std::function<QString(QSaveFile &)> &write, QString *error)
{
    QSaveFile file(path);
    QString why = file.open(QIODevice::WriteOnly) ? write(file) : file.errorString();
    if (why.isEmpty() && !file.commit())
        why = file.errorString();
    if (!why.isEmpty()) {
        file.cancelWriting();
        *error = u"%1: %2"_s.arg(QDir::toNativeSeparators(path), why);
        return false;
    }
    return true;
}

QString writeBytes(QSaveFile &file, const QByteArray &bytes)
{
    return file.write(bytes) == bytes.size() ? QString() : file.errorString();
}

QString h(const QString &text)
{
    return text.toHtmlEscaped();
}

QString htmlPage(const Gathered &g, const QList<EventOutcome> &rows, qint64 total)
{
    const ReplayCounts &c = g.counts;
    const QJsonObject connection = g.run.config.value("connection"_L1).toObject();
    const QJsonObject options = g.run.config.value("replay"_L1).toObject();
    const bool production = connection.value("production"_L1).toBool();
    QString html;
    html += u"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"_s;
    html += u"<title>capiqa replay run %1</title>\n"_s.arg(g.run.id);
    // Inline style only: the page must read the same when mailed or attached to a ticket.
    html += u"<style>\n"
            ":root{color-scheme:light dark;--fg:#1f2937;--bg:#fff;--muted:#6b7280;--line:#e5e7eb;--ok:#15803d;--bad:#b91c1c;--warn:#b45309}\n"
            "@media (prefers-color-scheme:dark){:root{--fg:#e5e7eb;--bg:#111827;--muted:#9ca3af;--line:#374151;--ok:#4ade80;--bad:#f87171;--warn:#fbbf24}}\n"
            "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--fg);background:var(--bg);margin:2em auto;max-width:1100px;padding:0 1em}\n"
            "h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.6em}.muted{color:var(--muted)}\n"
            "table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}\n"
            "th{font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
            ".cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:110px}\n"
            ".card b{display:block;font-size:1.4em}.ok{color:var(--ok)}.bad{color:var(--bad)}.warn{color:var(--warn)}\n"
            "code{font-family:ui-monospace,monospace;font-size:.92em}\n"
            "</style></head><body>\n"_s;
    html += u"<h1>Replay run %1: <span class=\"%2\">%3</span></h1>\n"_s.arg(g.run.id)
                .arg(c.allAccepted() ? u"ok"_s : u"bad"_s, c.allAccepted() ? u"every event accepted"_s : h(runStateName(g.run.state)));
    html += u"<p class=\"muted\">Funnel <b>%1</b> (<code>%2</code>, %3 step(s)) · started %4 UTC · %5</p>\n"_s.arg(
        h(g.run.funnelName.isEmpty() ? QFileInfo(g.run.funnelPath).fileName() : g.run.funnelName), h(g.run.funnelPath))
                .arg(g.run.steps)
                .arg(h(when(g.run.createdMs)), production ? u"<b class=\"bad\">PRODUCTION</b>"_s
                                                          : u"test mode, code <code>%1</code>"_s.arg(h(connection.value("test_event_code"_L1).toString())));
    if (!g.run.message.isEmpty())
        html += u"<p>%1</p>\n"_s.arg(h(g.run.message));
    const auto card = [&html](const QString &label, qint64 value, const QString &cls, const QString &note) {
        html += u"<div class=\"card\"><span class=\"muted\">%1</span><b class=\"%2\">%3</b><span class=\"muted\">%4</span></div>"_s
                    .arg(label, cls)
                    .arg(value)
                    .arg(note);
    };
    html += u"<div class=\"cards\">"_s;
    card(u"Planned"_s, c.planned, {}, u"%1 user(s)"_s.arg(options.value("users"_L1).toInteger()));
    card(u"Sent"_s, c.sent, {}, ratio(c.sent, c.planned));
    card(u"Accepted"_s, c.accepted, u"ok"_s, ratio(c.accepted, c.sent));
    card(u"Rejected"_s, c.rejected, c.rejected ? u"bad"_s : QString(), ratio(c.rejected, c.sent));
    card(u"Cancelled"_s, c.cancelled, c.cancelled ? u"warn"_s : QString(), ratio(c.cancelled, c.sent));
    card(u"Unknown"_s, c.unknown, c.unknown ? u"warn"_s : QString(), ratio(c.unknown, c.sent));
    card(u"Retried"_s, c.retried, {}, u"%1 retries"_s.arg(c.retries));
    html += u"</div>\n"_s;
    html += u"<p class=\"muted\">Every event sent is exactly one of accepted, rejected, cancelled or unknown (%1). "
            "Unknown events may or may not have arrived; re-sending them is safe when their event_id is kept, because Meta "
            "deduplicates events with the same event_name and event_id.</p>\n"_s.arg(c.balanced() ? u"the totals add up"_s
                                                                                                   : u"<b class=\"bad\">the totals do not add up</b>"_s);
    html += u"<h2>Where the events went</h2>\n<table>"_s;
    const auto row = [&html](const QString &name, const QString &value) {
        html += u"<tr><th>%1</th><td>%2</td></tr>"_s.arg(name, h(value));
    };
    row(u"Profile"_s, connection.value("profile"_L1).toString());
    row(u"Endpoint"_s, connection.value("base_url"_L1).toString());
    row(u"Pixel"_s, connection.value("pixel_id"_L1).toString());
    row(u"Normaliser"_s, connection.value("normalizer"_L1).toString());
    row(u"Options"_s, QString::fromUtf8(QJsonDocument(options).toJson(QJsonDocument::Compact)));
    html += u"</table>\n"_s;
    if (!g.errors.isEmpty()) {
        html += u"<h2>Errors</h2>\n<table><tr><th>Error</th><th>Events</th></tr>"_s;
        for (auto it = g.errors.cbegin(); it != g.errors.cend(); ++it)
            html += u"<tr><td>%1</td><td class=\"n\">%2</td></tr>"_s.arg(h(it.key())).arg(it.value());
        html += u"</table>\n"_s;
    }
    html += u"<h2>Events not accepted</h2>\n"_s;
    if (rows.isEmpty()) {
        html += u"<p class=\"ok\">None.</p>\n"_s;
    } else {
        if (total > rows.size())
            html += u"<p class=\"muted\">The first %1 of %2; the CSV report lists them all.</p>\n"_s.arg(rows.size()).arg(total);
        html += u"<table><tr><th>#</th><th>User</th><th>Step</th><th>Event</th><th>event_id</th><th>Status</th><th>HTTP</th>"
                "<th>Retries</th><th>Error</th><th>fbtrace_id</th></tr>\n"_s;
        for (const EventOutcome &o : rows) {
            html += u"<tr><td class=\"n\">%1</td><td class=\"n\">%2</td><td class=\"n\">%3</td><td>%4</td><td><code>%5</code></td>"
                    "<td class=\"%6\">%7</td><td class=\"n\">%8</td><td class=\"n\">%9</td>"_s.arg(o.index + 1)
                        .arg(o.user + 1)
                        .arg(o.step + 1)
                        .arg(h(o.eventName), h(o.eventId), o.status == OutcomeStatus::Rejected ? u"bad"_s : u"warn"_s,
                             statusName(o.status), o.httpStatus ? QString::number(o.httpStatus) : QString())
                        .arg(o.retries);
            html += u"<td>%1</td><td><code>%2</code></td></tr>\n"_s.arg(h(o.error), h(o.fbtraceId));
        }
        html += u"</table>\n"_s;
    }
    html += u"<p class=\"muted\">Made by capiqa on %1 UTC from the run history. It holds no access token.</p>\n</body></html>\n"_s.arg(
        h(when(QDateTime::currentMSecsSinceEpoch())));
    return html;
}

} // namespace

std::optional<ReportFormat> reportFormatForPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"json"_s)
        return ReportFormat::Json;
    if (suffix == u"csv"_s)
        return ReportFormat::Csv;
    if (suffix == u"html"_s || suffix == u"htm"_s)
        return ReportFormat::Html;
    return std::nullopt;
}

std::optional<QJsonObject> runReportJson(RunStore &store, qint64 runId, QString *error, qint64 maxEvents)
{
    QJsonArray events;
    qint64 total = 0;
    auto g = gather(store, runId, error, [&](const EventOutcome &o) {
        if (total++ < maxEvents)
            events.append(toJson(o));
    });
    if (!g)
        return std::nullopt;
    QJsonObject report = summaryJson(*g);
    report.insert(u"not_accepted"_s, events);
    report.insert(u"not_accepted_total"_s, total);
    return report;
}

QString csvField(const QString &value)
{
    QString v = value;
    if (!v.isEmpty() && (v.front() == u'=' || v.front() == u'+' || v.front() == u'-' || v.front() == u'@'))
        v.prepend(u'\'');
    if (v.contains(u',') || v.contains(u'"') || v.contains(u'\n') || v.contains(u'\r'))
        return u'"' + QString(v).replace(u"\""_s, u"\"\""_s) + u'"';
    return v;
}

bool writeRunReport(RunStore &store, qint64 runId, ReportFormat format, const QString &path, QString *error)
{
    switch (format) {
    case ReportFormat::Json: {
        const auto report = runReportJson(store, runId, error);
        return report && save(path, [&](QSaveFile &f) { return writeBytes(f, QJsonDocument(*report).toJson(QJsonDocument::Indented)); }, error);
    }
    case ReportFormat::Html: {
        QList<EventOutcome> rows;
        qint64 total = 0;
        const auto g = gather(store, runId, error, [&](const EventOutcome &o) {
            if (total++ < MaxHtmlRows)
                rows.append(o);
        });
        return g && save(path, [&](QSaveFile &f) { return writeBytes(f, htmlPage(*g, rows, total).toUtf8()); }, error);
    }
    case ReportFormat::Csv: {
        if (!store.run(runId)) {
            *error = u"there is no run %1 in the history %2"_s.arg(runId).arg(store.path());
            return false;
        }
        return save(path, [&](QSaveFile &f) {
            QString why = writeBytes(f, QByteArrayLiteral("index,user,step,event_name,event_id,status,retries,http_status,error_code,error,fbtrace_id,sent_at,finished_at\r\n"));
            const bool read = store.forEachOutcome(runId, [&](const EventOutcome &o) {
                const QString line = u"%1,%2,%3,%4,%5,%6,%7,%8,%9,"_s.arg(o.index + 1)
                                         .arg(o.user + 1)
                                         .arg(o.step + 1)
                                         .arg(csvField(o.eventName), csvField(o.eventId), statusName(o.status))
                                         .arg(o.retries)
                                         .arg(o.httpStatus)
                                         .arg(o.errorCode)
                                   + u"%1,%2,%3,%4\r\n"_s.arg(csvField(o.error), csvField(o.fbtraceId), when(o.sentMs), when(o.finishedMs));
                if (why.isEmpty())
                    why = writeBytes(f, line.toUtf8());
            });
            return read ? why : store.errorString();
        }, error);
    }
    }
    return false;
}

} // namespace capiqa::replay

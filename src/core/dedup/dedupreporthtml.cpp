// The self-contained HTML report: inline CSS, no scripts, no external assets, so it can be
// mailed to a client and opened anywhere.
#include "buildinfo.h"
#include "dedupexport.h"
#include "explain.h"
#include "reportsink.h"

#include <QtCore/QDateTime>

namespace capiqa::dedup {

using namespace Qt::StringLiterals;
using capture::CapturedEvent;

namespace {

const char Style[] =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1c1e21;margin:2em auto;max-width:1200px;padding:0 1em}"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #dadde1;padding-bottom:.2em}"
    ".muted{color:#606770}.cards{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0}"
    ".card{border:1px solid #dadde1;border-radius:8px;padding:.8em 1.2em;min-width:12em}"
    ".card b{display:block;font-size:1.6em}.bad b{color:#c0392b}.good b{color:#1e8449}"
    "table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #dadde1;padding:.35em .5em;text-align:left;vertical-align:top}"
    "th{background:#f0f2f5}td.num{text-align:right}code{background:#f0f2f5;padding:0 .2em;border-radius:3px;white-space:pre-wrap;word-break:break-all}"
    "details{margin:.5em 0}summary{cursor:pointer;font-weight:600}.fix{color:#1e5aa8}";

QString h(const QString &text)
{
    return text.toHtmlEscaped();
}

QString values(const QMap<QString, double> &byCurrency)
{
    QStringList parts;
    for (auto it = byCurrency.cbegin(); it != byCurrency.cend(); ++it)
        parts << QString::number(it.value(), 'f', 2) + u' ' + (it.key().isEmpty() ? u"(no currency)"_s : it.key());
    return parts.isEmpty() ? u"no value"_s : parts.join(u", "_s);
}

QString eventCell(const CapturedEvent &e)
{
    return u"%1 <code>%2</code><br><span class=\"muted\">%3 · pixel %4</span>"_s.arg(
        h(e.eventName), h(e.eventId), h(isoTime(e.timeMs)), h(e.pixelId));
}

// Problems first: they are what the client needs to act on.
constexpr Category Order[] = {
    Category::IdMismatch,     Category::NameMismatch,      Category::PixelMismatch, Category::MissingEventId,
    Category::TimeUnitError,  Category::OutsideWindow,     Category::DuplicateSameSide, Category::ServerOnly,
    Category::BrowserOnly,    Category::Deduplicated,
};

} // namespace

void writeHtml(Sink &sink, const capture::CaptureSet &captures, const DedupResult &result)
{
    const DedupSummary &s = result.summary;
    sink.add(u"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
             "<title>Pixel and Conversions API deduplication report</title><style>"_s);
    sink.add(QByteArray(Style));
    sink.add(u"</style></head><body>\n<h1>Pixel and Conversions API deduplication report</h1>\n"_s);
    sink.add(u"<p class=\"muted\">Made by capiqa %1 on %2 UTC. Meta merges a Pixel event and a server event when they have the same pixel, "
             "the same event name and the same event id, within %3 hours; it keeps the first one received, or the Pixel's when both arrive within 5 minutes.</p>\n"_s
                 .arg(buildinfo::version(), QDateTime::currentDateTimeUtc().toString(u"yyyy-MM-dd HH:mm"_s))
                 .arg(double(result.options.windowMs) / 3600000.0));
    sink.add(u"<div class=\"cards\"><div class=\"card\"><b>%1</b>events (%2 Pixel, %3 server)</div>"
             "<div class=\"card %4\"><b>%5%</b>of %6 Pixel/server pairs merged</div>"
             "<div class=\"card %7\"><b>%8</b>conversions counted twice (%9)</div>"
             "<div class=\"card %10\"><b>%11</b>conversions lost (%12)</div></div>\n"_s
                 .arg(s.events)
                 .arg(s.browserEvents)
                 .arg(s.serverEvents)
                 .arg(s.pairs > 0 && s.mergedPairs == s.pairs ? u"good"_s : u"bad"_s)
                 .arg(QString::number(s.dedupRate * 100.0, 'f', 1))
                 .arg(s.pairs)
                 .arg(s.countedTwice ? u"bad"_s : u"good"_s)
                 .arg(s.countedTwice)
                 .arg(h(values(s.valueCountedTwice)))
                 .arg(s.lost ? u"bad"_s : u"good"_s)
                 .arg(s.lost)
                 .arg(h(values(s.valueLost))));
    sink.add(u"<h2>What we found</h2>\n<table><tr><th>Finding</th><th>Events</th><th>What it means</th></tr>\n"_s);
    for (Category c : Order)
        sink.add(u"<tr><td><code>%1</code></td><td class=\"num\">%2</td><td>%3</td></tr>\n"_s.arg(
            categoryName(c), QString::number(s.perCategory[int(c)]), h(categoryMeaning(c))));
    sink.add(u"</table>\n<h2>Inputs</h2>\n<table><tr><th>File</th><th>Side</th><th>Format</th><th>Events</th><th>Other records</th><th>Problems</th></tr>\n"_s);
    for (const capture::CaptureFile &f : captures.files)
        sink.add(u"<tr><td><code>%1</code></td><td>%2</td><td>%3</td><td class=\"num\">%4</td><td class=\"num\">%5</td><td class=\"num\">%6</td></tr>\n"_s.arg(
            h(f.path), capture::sideName(f.side), capture::formatName(f.format), QString::number(f.events), QString::number(f.ignored),
            QString::number(f.issues)));
    sink.add(u"</table>\n"_s);
    if (!captures.issues.isEmpty() || !captures.notes.isEmpty()) {
        sink.add(u"<details><summary>Reading notes and problems (%1)</summary><ul>\n"_s.arg(captures.issues.size() + captures.notes.size()));
        for (const QString &n : captures.notes)
            sink.add(u"<li>%1</li>\n"_s.arg(h(n)));
        for (const capture::CaptureIssue &i : captures.issues)
            sink.add(u"<li><code>%1</code></li>\n"_s.arg(h(i.toString())));
        sink.add(u"</ul></details>\n"_s);
    }
    for (Category c : Order) {
        const qint64 count = s.perCategory[int(c)];
        if (count == 0)
            continue;
        const bool problem = c != Category::Deduplicated && c != Category::BrowserOnly && c != Category::ServerOnly;
        sink.add(u"<h2 id=\"%1\"><code>%1</code>: %2 event(s)</h2>\n<details%3><summary>%4</summary>\n"
                 "<table><tr><th>Side</th><th>Event</th><th>Counterpart</th><th>What happened</th><th>Fix</th></tr>\n"_s
                     .arg(categoryName(c))
                     .arg(count)
                     .arg(problem ? u" open"_s : QString())
                     .arg(h(categoryMeaning(c))));
        qsizetype rows = 0;
        for (size_t i = 0; i < captures.events.size() && rows < HtmlRowsPerCategory; ++i) {
            const EventVerdict &v = result.verdicts[i];
            if (v.category != c)
                continue;
            ++rows;
            const CapturedEvent &e = captures.events[i];
            const Explanation x = explain(captures.events, result, qsizetype(i));
            sink.add(u"<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td class=\"fix\">%5</td></tr>\n"_s.arg(
                capture::sideName(e.side), eventCell(e),
                v.counterpart >= 0 ? eventCell(captures.events[size_t(v.counterpart)]) : u"<span class=\"muted\">none</span>"_s,
                h(x.text), h(x.fix)));
        }
        sink.add(u"</table>\n"_s);
        if (count > rows)
            sink.add(u"<p class=\"muted\">… and %1 more; the CSV and JSON exports list every event.</p>\n"_s.arg(count - rows));
        sink.add(u"</details>\n"_s);
    }
    sink.add(u"</body></html>\n"_s);
}

} // namespace capiqa::dedup

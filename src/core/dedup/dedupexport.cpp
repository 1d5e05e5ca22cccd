#include "dedupexport.h"

#include "explain.h"
#include "reportsink.h"
#include "matcher.h"

#include <QtCore/QDateTime>
#include <QtCore/QIODevice>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

namespace capiqa::dedup {

using namespace Qt::StringLiterals;
using capture::CapturedEvent;
using capture::CaptureSet;

std::optional<ReportFormat> reportFormatFromName(QStringView name)
{
    if (name == u"json")
        return ReportFormat::Json;
    if (name == u"csv")
        return ReportFormat::Csv;
    if (name == u"html")
        return ReportFormat::Html;
    return std::nullopt;
}

namespace {

QJsonObject valueMap(const QMap<QString, double> &values)
{
    QJsonObject o;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        o.insert(it.key().isEmpty() ? u"(no currency)"_s : it.key(), it.value());
    return o;
}

void writeJson(Sink &sink, const CaptureSet &captures, const DedupResult &result)
{
    sink.add("{\"summary\":"_ba + QJsonDocument(summaryJson(captures, result)).toJson(QJsonDocument::Compact) + ",\n\"events\":[\n"_ba);
    for (size_t i = 0; i < captures.events.size(); ++i) {
        sink.add(QJsonDocument(eventJson(captures, result, qsizetype(i))).toJson(QJsonDocument::Compact));
        sink.add(i + 1 < captures.events.size() ? ",\n"_ba : "\n"_ba);
    }
    sink.add("]}\n"_ba);
}

// RFC 4180 quoting, and a leading ' for cells a spreadsheet would run as a formula.
QString csvCell(const QString &text)
{
    QString t = text;
    if (!t.isEmpty() && (t.front() == u'=' || t.front() == u'+' || t.front() == u'@' || t.front() == u'\t' || t.front() == u'\r'))
        t.prepend(u'\'');
    if (t.contains(u',') || t.contains(u'"') || t.contains(u'\n') || t.contains(u'\r') || t != t.trimmed())
        return u'"' + t.replace(u'"', u"\"\""_s) + u'"';
    return t;
}

void writeCsv(Sink &sink, const CaptureSet &captures, const DedupResult &result)
{
    sink.add("category,effect,side,pixel_id,event_name,event_id,time,value,currency,counterpart_side,counterpart_pixel_id,"
             "counterpart_event_name,counterpart_event_id,counterpart_time,explanation,fix,file,line\r\n"_ba);
    for (size_t i = 0; i < captures.events.size(); ++i) {
        const CapturedEvent &e = captures.events[i];
        const EventVerdict &v = result.verdicts[i];
        const CapturedEvent *c = v.counterpart >= 0 ? &captures.events[size_t(v.counterpart)] : nullptr;
        const Explanation x = explain(captures.events, result, qsizetype(i));
        QStringList cells{categoryName(v.category), effectName(v.effect), capture::sideName(e.side), e.pixelId, e.eventName,
                          e.eventId, isoTime(e.timeMs), e.hasValue ? QString::number(e.value, 'g', 15) : QString(),
                          e.currency};
        if (c)
            cells << capture::sideName(c->side) << c->pixelId << c->eventName << c->eventId << isoTime(c->timeMs);
        else
            cells << QString() << QString() << QString() << QString() << QString();
        cells << x.text << x.fix << captures.files.value(e.file).path << QString::number(e.line);
        QString row;
        for (qsizetype k = 0; k < cells.size(); ++k)
            row += (k ? u","_s : QString()) + csvCell(cells.at(k));
        sink.add(row + u"\r\n"_s);
    }
}

} // namespace

QJsonObject summaryJson(const CaptureSet &captures, const DedupResult &result)
{
    const DedupSummary &s = result.summary;
    QJsonObject categories;
    for (int c = 0; c < CategoryCount; ++c)
        categories.insert(categoryName(Category(c)), s.perCategory[c]);
    QJsonArray inputs;
    for (const capture::CaptureFile &f : captures.files) {
        inputs.append(QJsonObject{{u"file"_s, f.path},
                                  {u"side"_s, capture::sideName(f.side)},
                                  {u"format"_s, capture::formatName(f.format)},
                                  {u"bytes"_s, f.bytes},
                                  {u"events"_s, f.events},
                                  {u"ignored"_s, f.ignored},
                                  {u"issues"_s, f.issues}});
    }
    QJsonArray issues;
    for (const capture::CaptureIssue &i : captures.issues)
        issues.append(i.toString());
    return QJsonObject{
        {u"events"_s, s.events},
        {u"browser_events"_s, s.browserEvents},
        {u"server_events"_s, s.serverEvents},
        {u"categories"_s, categories},
        {u"pairs"_s, s.pairs},
        {u"merged_pairs"_s, s.mergedPairs},
        {u"dedup_rate"_s, s.dedupRate},
        {u"counted_twice"_s, QJsonObject{{u"conversions"_s, s.countedTwice}, {u"value"_s, valueMap(s.valueCountedTwice)}}},
        {u"lost"_s, QJsonObject{{u"conversions"_s, s.lost}, {u"value"_s, valueMap(s.valueLost)}}},
        {u"rejected"_s, s.rejected},
        {u"window_hours"_s, double(result.options.windowMs) / 3600000.0},
        {u"inputs"_s, inputs},
        {u"issues"_s, issues},
        {u"notes"_s, QJsonArray::fromStringList(captures.notes)},
    };
}

QJsonObject eventJson(const CaptureSet &captures, const DedupResult &result, qsizetype index)
{
    const CapturedEvent &e = captures.events[size_t(index)];
    const EventVerdict &v = result.verdicts[size_t(index)];
    const Explanation x = explain(captures.events, result, index);
    QJsonObject o{
        {u"category"_s, categoryName(v.category)},
        {u"effect"_s, effectName(v.effect)},
        {u"side"_s, capture::sideName(e.side)},
        {u"pixel_id"_s, e.pixelId},
        {u"event_name"_s, e.eventName},
        {u"event_id"_s, e.eventId},
        {u"time"_s, isoTime(e.timeMs)},
        {u"raw_time"_s, e.rawTime},
        {u"time_unit"_s, capture::timeUnitName(e.timeUnit)},
        {u"explanation"_s, x.text},
        {u"fix"_s, x.fix},
        {u"source"_s, QJsonObject{{u"file"_s, captures.files.value(e.file).path}, {u"line"_s, e.line}, {u"offset"_s, e.offset}}},
    };
    if (e.hasValue) {
        o.insert(u"value"_s, e.value);
        o.insert(u"currency"_s, e.currency);
    }
    if (v.counterpart >= 0) {
        const CapturedEvent &c = captures.events[size_t(v.counterpart)];
        o.insert(u"counterpart"_s, QJsonObject{{u"side"_s, capture::sideName(c.side)},
                                               {u"pixel_id"_s, c.pixelId},
                                               {u"event_name"_s, c.eventName},
                                               {u"event_id"_s, c.eventId},
                                               {u"time"_s, isoTime(c.timeMs)}});
    } else {
        o.insert(u"counterpart"_s, QJsonValue::Null);
    }
    return o;
}

QString isoTime(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs) : QString();
}

bool writeReport(QIODevice &out, ReportFormat format, const CaptureSet &captures, const DedupResult &result, QString *error)
{
    Sink sink(out);
    switch (format) {
    case ReportFormat::Json: writeJson(sink, captures, result); break;
    case ReportFormat::Csv: writeCsv(sink, captures, result); break;
    case ReportFormat::Html: writeHtml(sink, captures, result); break;
    }
    const bool ok = sink.flush();
    if (!ok && error)
        *error = out.errorString();
    return ok;
}

} // namespace capiqa::dedup

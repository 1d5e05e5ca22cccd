#include "capturereader.h"

#include "readcontext.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>

#include <algorithm>

namespace capiqa::capture {

using namespace Qt::StringLiterals;

QString sideName(Side side)
{
    return side == Side::Browser ? u"browser"_s : u"server"_s;
}

QString timeUnitName(TimeUnit unit)
{
    switch (unit) {
    case TimeUnit::Seconds: return u"seconds"_s;
    case TimeUnit::Milliseconds: return u"milliseconds"_s;
    case TimeUnit::Microseconds: return u"microseconds"_s;
    case TimeUnit::Missing: return u"missing"_s;
    case TimeUnit::Invalid: return u"invalid"_s;
    }
    return {};
}

TimeUnit unitOfMagnitude(qint64 value)
{
    if (value <= 0)
        return TimeUnit::Invalid;
    if (value < 100'000'000'000LL)
        return TimeUnit::Seconds;
    if (value < 100'000'000'000'000LL)
        return TimeUnit::Milliseconds;
    if (value < 100'000'000'000'000'000LL)
        return TimeUnit::Microseconds;
    return TimeUnit::Invalid;
}

qint64 toUnixMs(qint64 value, TimeUnit unit)
{
    switch (unit) {
    case TimeUnit::Seconds: return value * 1000;
    case TimeUnit::Milliseconds: return value;
    case TimeUnit::Microseconds: return value / 1000;
    case TimeUnit::Missing:
    case TimeUnit::Invalid: return 0;
    }
    return 0;
}

QString formatName(CaptureFormat format)
{
    switch (format) {
    case CaptureFormat::Auto: return u"auto"_s;
    case CaptureFormat::Har: return u"har"_s;
    case CaptureFormat::UrlList: return u"url-list"_s;
    case CaptureFormat::EmulatorRecord: return u"emulator-record"_s;
    case CaptureFormat::CapiJson: return u"capi-json"_s;
    case CaptureFormat::CapiJsonLines: return u"capi-jsonl"_s;
    case CaptureFormat::Csv: return u"csv"_s;
    }
    return {};
}

QString CaptureIssue::toString() const
{
    QString where = file;
    if (line > 0)
        where += u':' + QString::number(line);
    if (offset >= 0)
        where += u" (byte "_s + QString::number(offset) + u')';
    return where + u": "_s + message;
}

qint64 CaptureSet::issueCount() const
{
    qint64 n = 0;
    for (const CaptureFile &f : files)
        n += f.issues;
    return n;
}

bool CaptureSet::anyUnopened() const
{
    return std::any_of(files.cbegin(), files.cend(), [](const CaptureFile &f) { return !f.opened; });
}

QByteArray CaptureSet::readRecord(const CapturedEvent &event) const
{
    if (event.file < 0 || event.file >= files.size() || event.length <= 0)
        return {};
    QFile file(files.at(event.file).path);
    if (!file.open(QIODevice::ReadOnly) || file.size() != files.at(event.file).bytes || !file.seek(event.offset))
        return {};
    return file.read(event.length);
}

namespace detail {

QString StringPool::intern(const QString &text)
{
    if (text.isEmpty())
        return {};
    const auto it = m_strings.constFind(text);
    if (it != m_strings.cend())
        return *it;
    m_strings.insert(text);
    return text;
}

ReadContext::ReadContext(CaptureSet &set, qsizetype fileIndex, StringPool &pool, const ReadOptions &options,
                         qint64 bytesBefore, qint64 bytesTotal)
    : m_set(set)
    , m_file(set.files[fileIndex])
    , m_fileIndex(qint32(fileIndex))
    , m_pool(pool)
    , m_options(options)
    , m_bytesBefore(bytesBefore)
    , m_bytesTotal(bytesTotal)
{
}

void ReadContext::add(CapturedEvent event)
{
    if (event.pixelId.isEmpty() && event.side == Side::Server)
        event.pixelId = m_options.defaultPixelId;
    event.pixelId = m_pool.intern(event.pixelId);
    event.eventName = m_pool.intern(event.eventName);
    event.currency = m_pool.intern(event.currency);
    event.file = m_fileIndex;
    m_set.events.push_back(std::move(event));
    ++m_file.events;
}

void ReadContext::issue(qint64 line, qint64 offset, const QString &message)
{
    ++m_file.issues;
    if (m_file.issues <= CaptureSet::MaxIssuesPerFile)
        m_set.issues.append(CaptureIssue{m_file.path, line, offset, message});
}

bool ReadContext::tick(qint64 bytesDone)
{
    if (m_options.progress && bytesDone - m_lastReported >= (4 << 20)) {
        m_lastReported = bytesDone;
        m_options.progress(m_bytesBefore + bytesDone, m_bytesTotal);
    }
    return cancelled();
}

bool ReadContext::cancelled() const
{
    return m_options.cancel && m_options.cancel->load(std::memory_order_relaxed);
}

void setTime(CapturedEvent &event, qint64 value)
{
    event.rawTime = value;
    event.timeUnit = unitOfMagnitude(value);
    event.timeMs = toUnixMs(value, event.timeUnit);
}

} // namespace detail

CaptureReader::CaptureReader(ReadOptions options)
    : m_options(std::move(options))
{
}

void CaptureReader::addFile(const QString &path, Side side)
{
    m_paths.append({path, side});
}

namespace {

QByteArrayView skipBomAndSpace(QByteArrayView head)
{
    if (head.startsWith("\xEF\xBB\xBF"))
        head = head.sliced(3);
    while (!head.isEmpty() && (head.front() == ' ' || head.front() == '\t' || head.front() == '\r' || head.front() == '\n'))
        head = head.sliced(1);
    return head;
}

// A CAPI body carries its pixel id in the URL, not the body. When the browser side names exactly
// one pixel, the server events without one surely went to it; with several, guessing would
// invent matches, so they stay without a pixel and show up as pixel mismatches.
void fillMissingPixel(CaptureSet &set)
{
    QString browserPixel;
    bool several = false;
    qint64 missing = 0;
    for (const CapturedEvent &e : set.events) {
        if (e.side == Side::Browser && !e.pixelId.isEmpty() && e.pixelId != browserPixel) {
            several = several || !browserPixel.isEmpty();
            browserPixel = e.pixelId;
        }
        missing += e.side == Side::Server && e.pixelId.isEmpty();
    }
    if (missing == 0)
        return;
    if (browserPixel.isEmpty() || several) {
        set.notes.append(u"%1 server event(s) name no pixel id (a CAPI body carries it in the request URL) and the "
                         "browser side has %2: give the pixel id (capiqa-cli dedup --pixel ID)"_s
                             .arg(missing)
                             .arg(several ? u"several pixels"_s : u"none"_s));
        return;
    }
    for (CapturedEvent &e : set.events) {
        if (e.side == Side::Server && e.pixelId.isEmpty())
            e.pixelId = browserPixel;
    }
    set.notes.append(u"%1 server event(s) name no pixel id (a CAPI body carries it in the request URL); they were "
                     "taken as sent to pixel %2, the only pixel on the browser side"_s.arg(missing).arg(browserPixel));
}

} // namespace

CaptureFormat CaptureReader::detectFormat(const QString &path, const QByteArray &head)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"har"_s)
        return CaptureFormat::Har;
    if (suffix == u"csv"_s)
        return CaptureFormat::Csv;
    const QByteArrayView text = skipBomAndSpace(head);
    const qsizetype newline = text.indexOf('\n');
    const QByteArrayView firstLine = newline < 0 ? text : text.first(newline);
    if (text.startsWith('{')) {
        // A HAR names its creator and entries near the top; a record line carries received_ms.
        if (text.first(std::min<qsizetype>(text.size(), 4096)).contains("\"log\""))
            return CaptureFormat::Har;
        QJsonParseError error;
        QJsonDocument::fromJson(firstLine.toByteArray(), &error);
        if (error.error == QJsonParseError::NoError && newline >= 0 && text.sliced(newline).trimmed().size() > 0) {
            return firstLine.contains("\"received_ms\"") && firstLine.contains("\"source\"") ? CaptureFormat::EmulatorRecord
                                                                                         : CaptureFormat::CapiJsonLines;
        }
        if (suffix == u"jsonl"_s || suffix == u"ndjson"_s)
            return CaptureFormat::CapiJsonLines;
        return CaptureFormat::CapiJson;
    }
    if (text.startsWith('['))
        return CaptureFormat::CapiJson;
    if (text.startsWith("http") || text.startsWith("/tr") || text.startsWith("www.") || text.startsWith("#"))
        return CaptureFormat::UrlList;
    if (firstLine.contains("event_name") && firstLine.contains(','))
        return CaptureFormat::Csv;
    if (suffix == u"jsonl"_s || suffix == u"ndjson"_s)
        return CaptureFormat::CapiJsonLines;
    if (suffix == u"json"_s)
        return CaptureFormat::CapiJson;
    return CaptureFormat::Auto;
}

bool CaptureReader::read(CaptureSet &out)
{
    qint64 total = 0;
    for (const auto &[path, side] : std::as_const(m_paths))
        total += std::max<qint64>(0, QFileInfo(path).size());
    detail::StringPool pool;
    qint64 before = 0;
    for (const auto &[path, side] : std::as_const(m_paths)) {
        if (m_options.cancel && m_options.cancel->load())
            return false;
        CaptureFile info;
        info.path = path;
        info.side = side;
        out.files.append(info);
        detail::ReadContext context(out, out.files.size() - 1, pool, m_options, before, total);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            context.issue(0, -1, u"cannot open: "_s + file.errorString());
            continue;
        }
        context.file().opened = true;
        context.file().bytes = file.size();
        CaptureFormat format = m_options.format;
        if (format == CaptureFormat::Auto) {
            format = detectFormat(path, file.peek(64 * 1024));
            if (format == CaptureFormat::Auto) {
                context.issue(0, 0, u"unrecognised format: expected a HAR, a list of /tr URLs, CAPI request bodies "
                                    "(JSON or JSON Lines), an emulator record or a CSV with a header"_s);
                continue;
            }
        }
        context.file().format = format;
        switch (format) {
        case CaptureFormat::Har: detail::readHar(file, context); break;
        case CaptureFormat::UrlList: detail::readUrlList(file, context); break;
        case CaptureFormat::EmulatorRecord: detail::readJsonLines(file, context, true); break;
        case CaptureFormat::CapiJsonLines: detail::readJsonLines(file, context, false); break;
        case CaptureFormat::CapiJson: detail::readJsonDocument(file, context); break;
        case CaptureFormat::Csv: detail::readCsv(file, context); break;
        case CaptureFormat::Auto: break;
        }
        before += context.file().bytes;
        if (m_options.progress)
            m_options.progress(before, total);
    }
    if (m_options.cancel && m_options.cancel->load())
        return false;
    fillMissingPixel(out);
    return true;
}

} // namespace capiqa::capture

#include "capturereader.h"

#include "readcontext.h"

#include "io/largebuffer.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>

#include <QtCore/QThread>

#include <algorithm>
#include <mutex>
#include <numeric>
#include <thread>

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

QString StringPool::intern(std::string_view utf8)
{
    if (utf8.empty())
        return {};
    Recent &recent = m_recent[(utf8.size() * 31 + uchar(utf8.front()) * 7 + uchar(utf8.back())) % RecentSlots];
    if (recent.bytes == utf8)
        return recent.text;
    auto it = m_bytes.find(utf8);
    if (it == m_bytes.end())
        it = m_bytes.emplace(std::string(utf8), intern(QString::fromUtf8(utf8.data(), qsizetype(utf8.size())))).first;
    recent = Recent{it->first, it->second};
    return it->second;
}

StringPool::~StringPool()
{
    if (m_block && !m_block->deref())
        QTypedArrayData<char16_t>::deallocate(m_block);
}

QString StringPool::ascii(std::string_view bytes)
{
    constexpr qsizetype BlockChars = 2 << 20; // 4 MiB: at least one whole huge page
    constexpr qsizetype MaxShared = 4096;     // a longer one gets an allocation of its own
    const auto n = qsizetype(bytes.size());
    if (n == 0)
        return {};
    if (n > MaxShared)
        return QString::fromLatin1(bytes.data(), n);
    if (m_blockEnd - m_blockNext < n + 1) {
        if (m_block && !m_block->deref())
            QTypedArrayData<char16_t>::deallocate(m_block);
        const auto [block, chars] = QTypedArrayData<char16_t>::allocate(BlockChars);
        io::adviseHugePages(chars, size_t(BlockChars) * sizeof(char16_t));
        m_block = block;
        m_blockNext = chars;
        m_blockEnd = chars + BlockChars;
    }
    char16_t *text = m_blockNext;
    for (qsizetype i = 0; i < n; ++i)
        text[i] = char16_t(static_cast<unsigned char>(bytes[size_t(i)]));
    text[n] = 0; // QString::utf16() promises the terminator
    m_blockNext += n + 1;
    m_block->ref();
    return QString(QStringPrivate(m_block, text, n));
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
    addInterned(std::move(event));
}

void ReadContext::addInterned(CapturedEvent event)
{
    if (event.pixelId.isEmpty() && event.side == Side::Server)
        event.pixelId = m_pool.intern(m_options.defaultPixelId);
    event.file = m_fileIndex;
    io::pushLarge(m_set.events, std::move(event));
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
        // Interned: the same pixel is mostly the same string, so compare where the text lives first.
        const bool same = e.pixelId.constData() == browserPixel.constData() && e.pixelId.size() == browserPixel.size();
        if (e.side == Side::Browser && !e.pixelId.isEmpty() && !same && e.pixelId != browserPixel) {
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

// About how many events a file of one record per line holds, from the lines in its first
// 256 KiB (a little over, so that the result rarely has to grow); 0 for other formats, where
// lines say nothing. Reserving too much costs address space only: pages are touched as filled.
size_t estimateEvents(const QString &path, CaptureFormat format)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray head = file.read(256 << 10);
    if (format == CaptureFormat::Auto)
        format = CaptureReader::detectFormat(path, head);
    if (format != CaptureFormat::UrlList && format != CaptureFormat::CapiJsonLines && format != CaptureFormat::Csv)
        return 0;
    const auto lines = size_t(head.count('\n')) + 1;
    if (head.size() >= file.size())
        return lines;
    const double perByte = double(lines) / double(head.size());
    // Capped at one event per 64 bytes (a /tr URL or a CAPI event is longer): a guess, not a promise.
    return size_t(std::min(double(file.size()) / 64.0, perByte * double(file.size()) * 1.1)) + 1024;
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

// One file into `set` (which may hold others already), with its own progress and string pool.
void CaptureReader::readFile(const QString &path, Side side, CaptureSet &set, const ReadOptions &options) const
{
    CaptureFile info;
    info.path = path;
    info.side = side;
    set.files.append(info);
    detail::StringPool pool;
    detail::ReadContext context(set, set.files.size() - 1, pool, options, 0, 0);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        context.issue(0, -1, u"cannot open: "_s + file.errorString());
        return;
    }
    context.file().opened = true;
    context.file().bytes = file.size();
    CaptureFormat format = options.format;
    if (format == CaptureFormat::Auto) {
        format = detectFormat(path, file.peek(64 * 1024));
        if (format == CaptureFormat::Auto) {
            context.issue(0, 0, u"unrecognised format: expected a HAR, a list of /tr URLs, CAPI request bodies "
                                "(JSON or JSON Lines), an emulator record or a CSV with a header"_s);
            return;
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
}

bool CaptureReader::read(CaptureSet &out)
{
    const auto cancelled = [&] { return m_options.cancel && m_options.cancel->load(); };
    const auto n = size_t(m_paths.size());
    std::vector<qint64> sizes(n);
    qint64 total = 0;
    for (size_t i = 0; i < n; ++i)
        total += sizes[i] = std::max<qint64>(0, QFileInfo(m_paths.at(qsizetype(i)).first).size());

    // The files are read in parallel, a thread per core: the browser and the server side are
    // usually one big file each. The first file goes straight into `out`, the others into sets
    // of their own that are appended in file order, so the result does not depend on timing.
    std::mutex progressMutex;
    std::vector<qint64> done(n, 0);
    const auto optionsFor = [&](size_t i) {
        ReadOptions o = m_options;
        o.progress = nullptr;
        if (m_options.progress) {
            o.progress = [&, i](qint64 bytes, qint64) {
                const std::lock_guard lock(progressMutex);
                done[i] = bytes;
                m_options.progress(std::accumulate(done.cbegin(), done.cend(), qint64(0)), total);
            };
        }
        return o;
    };
    // The first file is read straight into `out`, sized for all of them when their lines tell,
    // so only the others' events are moved there at the end; each of those is sized for itself
    // (memory touched for the first time is what costs most here).
    std::vector<size_t> expected(n);
    size_t expectedAll = out.events.size();
    for (size_t i = 0; i < n; ++i)
        expectedAll += expected[i] = estimateEvents(m_paths.at(qsizetype(i)).first, m_options.format);
    io::reserveLarge(out.events, expectedAll);
    std::vector<CaptureSet> parts(n > 0 ? n - 1 : 0);
    for (size_t i = 1; i < n; ++i)
        io::reserveLarge(parts[i - 1].events, expected[i]);
    std::atomic<size_t> next{0};
    const auto work = [&] {
        for (size_t i = next++; i < n; i = next++) {
            if (cancelled())
                return;
            const ReadOptions options = optionsFor(i);
            const auto &[path, side] = m_paths.at(qsizetype(i));
            readFile(path, side, i == 0 ? out : parts[i - 1], options);
            if (options.progress)
                options.progress(sizes[i], total);
        }
    };
    const size_t threads = std::min<size_t>(n, size_t(std::max(1, QThread::idealThreadCount())));
    std::vector<std::thread> workers;
    for (size_t t = 1; t < threads; ++t)
        workers.emplace_back(work);
    work();
    for (std::thread &w : workers)
        w.join();

    size_t totalEvents = out.events.size();
    for (const CaptureSet &part : parts)
        totalEvents += part.events.size();
    io::reserveLarge(out.events, totalEvents);
    for (CaptureSet &part : parts) {
        const auto fileIndex = qint32(out.files.size());
        out.files.append(part.files);
        out.issues.append(part.issues);
        out.notes.append(part.notes);
        for (CapturedEvent &e : part.events) {
            e.file += fileIndex;
            out.events.push_back(std::move(e));
        }
        part = CaptureSet(); // free it before the next one is appended
    }
    if (cancelled())
        return false;
    fillMissingPixel(out);
    return true;
}

} // namespace capiqa::capture

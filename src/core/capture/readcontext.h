#pragma once

// Internal to src/core/capture: what every format reader shares while it reads one file.

#include "capturedevent.h"
#include "capturereader.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QSet>

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>

class QIODevice;

namespace capiqa::capture::detail {

/// Interns the strings that repeat across events (pixel ids, names, currencies).
class StringPool final
{
public:
    QString intern(const QString &text);
    /// The same for UTF-8 bytes: a repeated name costs a lookup, not a QString built and dropped.
    QString intern(std::string_view utf8);
    /// A string that is not worth interning (an event id) from ASCII bytes, its text stored in
    /// a block shared with the strings made before it: a million ids cost a few allocations
    /// instead of a million (and their page faults). The strings behave as any QString (one that
    /// is changed gets a copy of its own); a block is freed with the last string in it.
    QString ascii(std::string_view bytes);

    StringPool() = default;
    StringPool(const StringPool &) = delete;
    StringPool &operator=(const StringPool &) = delete;
    ~StringPool();

private:
    struct BytesHash
    {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    struct Recent
    {
        std::string bytes;
        QString text;
    };
    static constexpr size_t RecentSlots = 64;
    QSet<QString> m_strings;
    std::unordered_map<std::string, QString, BytesHash, std::equal_to<>> m_bytes;
    // Names, pixels and currencies repeat from one event to the next: a direct-mapped cache of
    // the recent ones spares most lookups their hash.
    std::array<Recent, RecentSlots> m_recent;
    QTypedArrayData<char16_t> *m_block = nullptr; // holds one reference while strings are added to it
    char16_t *m_blockNext = nullptr;
    char16_t *m_blockEnd = nullptr;
};

class ReadContext final
{
public:
    ReadContext(CaptureSet &set, qsizetype fileIndex, StringPool &pool, const ReadOptions &options, qint64 bytesBefore,
                qint64 bytesTotal);

    const QString &fileName() const { return m_file.path; }
    Side side() const { return m_file.side; }
    CaptureFile &file() { return m_file; }

    /// Interns the shared strings, fills in the file index, pixel fallback and time, and stores it.
    void add(CapturedEvent event);
    /// Stores an event whose pixel id, name and currency already come from pool().
    void addInterned(CapturedEvent event);
    StringPool &pool() { return m_pool; }
    bool leanReaders() const { return m_options.leanReaders; }
    void ignore() { ++m_file.ignored; }
    void issue(qint64 line, qint64 offset, const QString &message);
    /// Reports progress now and then; true when the caller must stop (cancelled).
    bool tick(qint64 bytesDone);
    bool cancelled() const;

private:
    CaptureSet &m_set;
    CaptureFile &m_file;
    qint32 m_fileIndex;
    StringPool &m_pool;
    const ReadOptions &m_options;
    qint64 m_bytesBefore;
    qint64 m_bytesTotal;
    qint64 m_lastReported = 0;
};

/// Sets the time fields of `event` from a value as sent (its unit judged by magnitude).
void setTime(CapturedEvent &event, qint64 value);

/// An event from the fields of a Pixel hit (`id`, `ev`, `eid`, `ts`, `cd[value]`, `cd[currency]`).
/// Nothing when `id` or `ev` is missing (not a Pixel event).
std::optional<CapturedEvent> pixelEvent(QByteArrayView query);
/// pixelEvent for the plain spelling of a hit (no encoded or repeated key among the six, no
/// encoded value), its strings taken from `pool`. False: not plain, use pixelEvent.
bool leanPixelEvent(QByteArrayView query, StringPool &pool, std::optional<CapturedEvent> &out);
/// Pixel fields from a POST body: form-urlencoded, multipart/form-data, or JSON.
std::optional<CapturedEvent> pixelEventFromBody(QByteArrayView body, QByteArrayView contentType);
/// True for a URL whose path is /tr or /tr/ (facebook.com's Pixel endpoint or the emulator's).
bool isPixelUrl(QByteArrayView url);

/// Format readers: each reads the whole device, reporting every problem with its line/offset.
void readHar(QIODevice &device, ReadContext &context);
void readUrlList(QIODevice &device, ReadContext &context);
void readJsonLines(QIODevice &device, ReadContext &context, bool emulatorRecord);
void readJsonDocument(QIODevice &device, ReadContext &context);
void readCsv(QIODevice &device, ReadContext &context);

/// gzip or zlib data inflated (bounded); nothing when it is not valid compressed data.
std::optional<QByteArray> inflate(QByteArrayView data, qsizetype maxBytes);

} // namespace capiqa::capture::detail

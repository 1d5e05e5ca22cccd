#pragma once

// Internal to src/core/capture: what every format reader shares while it reads one file.

#include "capturedevent.h"
#include "capturereader.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QSet>

class QIODevice;

namespace capiqa::capture::detail {

/// Interns the strings that repeat across events (pixel ids, names, currencies).
class StringPool final
{
public:
    QString intern(const QString &text);

private:
    QSet<QString> m_strings;
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

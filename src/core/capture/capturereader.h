#pragma once

#include "capturedevent.h"

#include <QtCore/QString>

#include <atomic>
#include <functional>

/// Reads browser and server captures into a CaptureSet, streaming: a 1 GB HAR is walked entry
/// by entry and never held whole. Safe to run on a worker thread; progress and cancel below.
namespace capiqa::capture {

struct ReadOptions
{
    CaptureFormat format = CaptureFormat::Auto;
    /// Called now and then with the bytes read so far over all files and their total size; from
    /// the reading threads (one at a time), as files are read in parallel.
    std::function<void(qint64 done, qint64 total)> progress;
    /// Set from another thread to stop; the reader returns what it has read so far.
    const std::atomic<bool> *cancel = nullptr;
    /// Server events that name no pixel (a CAPI body carries the pixel in its URL, not its
    /// body) take this one.
    QString defaultPixelId;
    /// Plain /tr URLs and CAPI JSON lines are read by lean single-pass readers that hand anything
    /// unusual to the general parsers; off, every record takes the general parsers (the
    /// results are the same: tests compare the two).
    bool leanReaders = true;
};

/// Reads a set of files, the browser side and the server side, into one CaptureSet.
class CaptureReader final
{
public:
    explicit CaptureReader(ReadOptions options = {});

    /// Adds a file to read as `side`. Rows of an emulator record or a CSV with a `source`
    /// column say their own side.
    void addFile(const QString &path, Side side);
    /// Reads every added file (in parallel; the result is in file order). False when cancelled.
    bool read(CaptureSet &out);

    /// The format of a file by its name and first bytes.
    static CaptureFormat detectFormat(const QString &path, const QByteArray &head);

private:
    void readFile(const QString &path, Side side, CaptureSet &set, const ReadOptions &options) const;

    ReadOptions m_options;
    QList<std::pair<QString, Side>> m_paths;
};

} // namespace capiqa::capture

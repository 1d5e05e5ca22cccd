#include "dedupjob.h"

#include "capture/capturereader.h"
#include "matcher.h"

#include <QtCore/QFileInfo>
#include <QtCore/QThread>

using namespace Qt::StringLiterals;

namespace capiqa::dedup {

namespace {

// Reading is most of the time on big inputs; matching the rest.
constexpr double ReadShare = 0.8;

} // namespace

DedupAnalysisPtr analyseCaptures(const DedupRequest &request, const std::function<void(double, const QString &)> &progress,
                          const std::atomic<bool> *cancel)
{
    const auto report = [&](double fraction, const QString &stage) {
        if (progress)
            progress(std::clamp(fraction, 0.0, 1.0), stage);
    };
    auto analysis = std::make_shared<DedupAnalysis>();
    capture::ReadOptions readOptions;
    readOptions.defaultPixelId = request.defaultPixelId.trimmed();
    readOptions.cancel = cancel;
    readOptions.progress = [&](qint64 done, qint64 total) {
        report(total > 0 ? ReadShare * double(done) / double(total) : 0, u"Reading the captures…"_s);
    };
    capture::CaptureReader reader(readOptions);
    for (const QString &f : request.browserFiles)
        reader.addFile(f, capture::Side::Browser);
    for (const QString &f : request.serverFiles)
        reader.addFile(f, capture::Side::Server);
    report(0, u"Reading the captures…"_s);
    if (!reader.read(analysis->captures) || (cancel && cancel->load()))
        return nullptr;

    report(ReadShare, u"Matching %1 events…"_s.arg(analysis->captures.events.size()));
    Matcher matcher(request.options);
    matcher.setCancelFlag(cancel);
    matcher.setProgress([&](double f) { report(ReadShare + (1 - ReadShare) * f, u"Matching…"_s); });
    analysis->result = matcher.match(analysis->captures.events);
    if (cancel && cancel->load())
        return nullptr;
    report(1, u"Done"_s);
    return analysis;
}

DedupJob::DedupJob(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<DedupAnalysisPtr>();
}

DedupJob::~DedupJob()
{
    if (m_thread) {
        m_cancel = true;
        m_thread->wait();
        delete m_thread;
    }
}

bool DedupJob::start(const DedupRequest &request)
{
    if (m_thread)
        return false;
    m_cancel = false;
    m_lastPermille = -1;
    m_pending.reset();
    m_thread = QThread::create([this, request] {
        m_pending = analyseCaptures(
            request,
            [this](double fraction, const QString &stage) {
                // At most a thousand updates per run reach the GUI thread.
                const int permille = int(fraction * 1000);
                if (m_lastPermille.exchange(permille) == permille)
                    return;
                QMetaObject::invokeMethod(this, [this, fraction, stage] {
                    if (m_thread)
                        Q_EMIT progressed(fraction, stage);
                }, Qt::QueuedConnection);
            },
            &m_cancel);
    });
    m_thread->setObjectName(u"capiqa-dedup"_s);
    connect(m_thread, &QThread::finished, this, &DedupJob::onThreadFinished);
    m_thread->start(QThread::LowPriority);
    return true;
}

void DedupJob::cancel()
{
    m_cancel = true;
}

void DedupJob::onThreadFinished()
{
    m_thread->wait(); // returns at once: run() has returned
    delete m_thread;
    m_thread = nullptr;
    DedupAnalysisPtr analysis = std::move(m_pending);
    m_pending.reset();
    if (m_cancel || !analysis)
        Q_EMIT cancelled();
    else
        Q_EMIT finished(analysis);
}

} // namespace capiqa::dedup

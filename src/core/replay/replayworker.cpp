#include "replayworker.h"

#include "runstore.h"

#include "log/logbus.h"
#include "transport/capiclient.h"

#include <memory>

using namespace Qt::StringLiterals;

namespace capiqa::replay {

// The engine and what it uses, made in the worker thread on the first start(): a
// QNetworkAccessManager and an SQLite connection belong to the thread that made them.
struct ReplayWorker::Parts
{
    std::unique_ptr<transport::CapiClient> client;
    std::unique_ptr<RunStore> store;
    std::unique_ptr<ReplayEngine> engine;
};

ReplayWorker::ReplayWorker(const QString &runsDatabase, QObject *parent)
    : QObject(parent)
    , m_runsDatabase(runsDatabase)
    , m_host(new QObject)
{
    m_thread.setObjectName(u"capiqa-replay"_s);
    m_host->moveToThread(&m_thread);
    m_thread.start();
}

ReplayWorker::~ReplayWorker()
{
    // Blocking is fine here: the worker thread never waits for this one.
    QMetaObject::invokeMethod(m_host, [this] {
        if (m_parts && m_parts->engine) {
            ReplayEngine &engine = *m_parts->engine;
            const bool going = engine.state() == ReplayEngine::State::Running || engine.state() == ReplayEngine::State::Paused
                            || engine.state() == ReplayEngine::State::Stopping;
            engine.cancel();
            // Requests on the wire are dropped with the client: their events stay "in flight" in
            // the history, which a resume turns into unknown. The run itself can be resumed.
            if (going && engine.runId() != 0)
                m_parts->store->setRunState(engine.runId(), RunState::Cancelled, u"the console was closed during the run"_s);
        }
        if (m_parts) {
            m_parts->engine.reset(); // flushes the queued outcomes to the history
            m_parts->client.reset();
            m_parts->store.reset();
        }
        delete m_parts;
        m_parts = nullptr;
    }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_host; // its thread has stopped: nothing else can touch it
}

void ReplayWorker::start(const ReplayJob &job)
{
    if (m_busy) {
        Q_EMIT startFailed(u"a run is already going: pause or cancel it first"_s);
        return;
    }
    m_busy = true;
    QMetaObject::invokeMethod(m_host, [this, job] {
        if (!m_parts) {
            auto *parts = new Parts;
            parts->client = std::make_unique<transport::CapiClient>(); // no log bus: a long run would flood it
            parts->store = std::make_unique<RunStore>();
            m_parts = parts;
        }
        if (!m_parts->store->isOpen() && !m_parts->store->open(m_runsDatabase)) {
            const QString error = m_parts->store->errorString();
            QMetaObject::invokeMethod(this, [this, error] {
                m_busy = false;
                Q_EMIT startFailed(error);
            }, Qt::QueuedConnection);
            return;
        }
        // A fresh engine per run: its state (counts, samples, timers) starts clean.
        m_parts->engine = std::make_unique<ReplayEngine>(m_parts->client.get(), m_parts->store.get());
        ReplayEngine *engine = m_parts->engine.get();
        connect(engine, &ReplayEngine::started, this, &ReplayWorker::started);
        connect(engine, &ReplayEngine::progressed, this, &ReplayWorker::progressed);
        connect(engine, &ReplayEngine::eventsFinished, this, &ReplayWorker::eventsFinished);
        connect(engine, &ReplayEngine::pausedChanged, this, &ReplayWorker::pausedChanged);
        connect(engine, &ReplayEngine::finished, this, &ReplayWorker::onFinished);
        QString error;
        if (!engine->start(job, &error)) {
            QMetaObject::invokeMethod(this, [this, error] {
                m_busy = false;
                Q_EMIT startFailed(error);
            }, Qt::QueuedConnection);
        }
    });
}

void ReplayWorker::onFinished(const ReplaySummary &summary)
{
    m_busy = false;
    Q_EMIT finished(summary);
}

void ReplayWorker::pause()
{
    QMetaObject::invokeMethod(m_host, [this] {
        if (m_parts && m_parts->engine)
            m_parts->engine->pause();
    });
}

void ReplayWorker::resume()
{
    QMetaObject::invokeMethod(m_host, [this] {
        if (m_parts && m_parts->engine)
            m_parts->engine->resume();
    });
}

void ReplayWorker::cancel()
{
    QMetaObject::invokeMethod(m_host, [this] {
        if (m_parts && m_parts->engine)
            m_parts->engine->cancel();
    });
}

} // namespace capiqa::replay

#include "keychainjob.h"

#include <QtCore/QTimer>

#include <qt6keychain/keychain.h>

#include <memory>
#include <utility>

using namespace Qt::StringLiterals;

namespace capiqa::settings::detail {

namespace {

// QtKeychain runs jobs one at a time through a process-wide queue: once a job hangs, every later
// job of every SecretStore would queue behind it forever. So a timeout is remembered for the
// whole process, not just the store that saw it. (Jobs live on the GUI thread only.)
QString s_hungReason;

JobOutcome outcomeOf(const QKeychain::Job *job)
{
    JobOutcome outcome;
    outcome.reason = job->errorString();
    switch (job->error()) {
    case QKeychain::NoError:
        if (const auto *read = qobject_cast<const QKeychain::ReadPasswordJob *>(job))
            outcome.text = read->textData();
        break;
    case QKeychain::EntryNotFound:
        outcome.verdict = Verdict::NotFound;
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::CouldNotDeleteEntry:
        outcome.verdict = Verdict::Failed;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        outcome.verdict = Verdict::Unavailable;
        outcome.forSession = true;
        break;
    case QKeychain::OtherError:
        // libsecret reports "no D-Bus" / "no secret service" this way (seen: "Cannot autolaunch
        // D-Bus without X11 $DISPLAY"). It may be transient (a locked keyring), so it is not
        // remembered for the session; it fails fast, so retrying costs little.
        outcome.verdict = Verdict::Unavailable;
        break;
    }
    return outcome;
}

/// Starts `job` and calls `done` exactly once: with the job's outcome or after `timeout`.
/// The job gets no parent: deleting a running libsecret job leaves a dangling callback, so it
/// deletes itself when it finishes (autoDelete). A job that never finishes leaks, which is why
/// a timeout marks the keychain unavailable and no further jobs are started.
void run(QKeychain::Job *job, QObject *context, std::chrono::milliseconds timeout,
         std::function<void(const JobOutcome &)> done)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never plain text on disk
    auto handled = std::make_shared<bool>(false);
    auto *timer = new QTimer(context);
    timer->setSingleShot(true);
    QObject::connect(job, &QKeychain::Job::finished, context, [handled, timer, done](QKeychain::Job *finished) {
        if (std::exchange(*handled, true))
            return;
        timer->stop();
        done(outcomeOf(finished));
    });
    QObject::connect(timer, &QTimer::timeout, context, [handled, timeout, done] {
        if (std::exchange(*handled, true))
            return;
        s_hungReason = u"the OS keychain did not answer within %1 ms"_s.arg(timeout.count());
        done({Verdict::TimedOut, true, s_hungReason, {}});
    });
    timer->start(timeout);
    job->start();
}

} // namespace

void runKeychainJob(JobKind kind, const QString &service, const QString &key, const QString &data,
                    QObject *context, std::chrono::milliseconds timeout,
                    std::function<void(const JobOutcome &)> done)
{
    QKeychain::Job *job = nullptr;
    switch (kind) {
    case JobKind::Read:
        job = new QKeychain::ReadPasswordJob(service);
        break;
    case JobKind::Write: {
        auto *write = new QKeychain::WritePasswordJob(service);
        write->setTextData(data);
        job = write;
        break;
    }
    case JobKind::Delete:
        job = new QKeychain::DeletePasswordJob(service);
        break;
    }
    job->setKey(key);
    run(job, context, timeout, std::move(done));
}

QString hungReason()
{
    return s_hungReason;
}

} // namespace capiqa::settings::detail

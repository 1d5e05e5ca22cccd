#pragma once

#include <QtCore/QString>

#include <chrono>
#include <functional>

QT_BEGIN_NAMESPACE
class QObject;
QT_END_NAMESPACE

/// Internal to SecretStore: the one place that talks to QtKeychain, so no keychain type
/// reaches a public header.
namespace capiqa::settings::detail {

/// What became of one keychain job, reduced to what the store acts on.
enum class Verdict : quint8 {
    Ok,
    NotFound,
    Failed,      ///< the keychain answered no (access denied, could not delete)
    Unavailable, ///< no usable keychain behind QtKeychain (no backend, no D-Bus, …)
    TimedOut,
};

struct JobOutcome
{
    Verdict verdict = Verdict::Ok;
    bool forSession = false; ///< the failure will not go away by retrying in this process
    QString reason;
    QString text; ///< the secret, for a successful read
};

enum class JobKind : quint8 { Read, Write, Delete };

/// Starts a keychain job for `key` of `service` (`data` is written by a Write) and calls `done`
/// exactly once, on the thread of `context`: with the job's outcome or after `timeout`. Nothing
/// is called once `context` is destroyed. QtKeychain's insecure plain-text fallback stays off.
void runKeychainJob(JobKind kind, const QString &service, const QString &key, const QString &data,
                    QObject *context, std::chrono::milliseconds timeout,
                    std::function<void(const JobOutcome &)> done);

/// Non-empty once any job of this process timed out (see keychainjob.cpp for why that is
/// process-wide).
QString hungReason();

} // namespace capiqa::settings::detail

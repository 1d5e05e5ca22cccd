#pragma once

#include "identities.h"

#include "pii/pii.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <optional>

/// Funnel files: the events QA records once and replays for many synthetic users. The format
/// is documented in docs/funnels.md and resources/schemas/funnel-v1.schema.json.
namespace capiqa::replay {

/// What a funnel file was written as.
enum class FunnelFormat : quint8 {
    FunnelV1,  ///< {"format":"capiqa-funnel","version":1,"steps":[…]}
    JsonLines, ///< one raw event per line: the simplest funnel
    Request,   ///< a request {"data":[…]}, one event object or an array of events
};

/// "funnel-v1", "jsonl", "request".
QString formatName(FunnelFormat format);

/// One step: a raw server event (templates not yet expanded, PII raw or already hashed), due
/// `offsetMs` after the user's first step.
struct FunnelStep
{
    qint64 offsetMs = 0;
    QJsonObject event;
    QString path;  ///< where the event is in the file: "steps[2].event", "data[1]", "" (JSONL)
    qint64 line = 1; ///< JSON Lines: the event's line; otherwise 1 (positions come from path)
};

/// A loaded, checked funnel.
struct Funnel
{
    static constexpr int FormatVersion = 1;
    static constexpr qint64 MaxFileBytes = 64 * 1024 * 1024;
    static constexpr qsizetype MaxSteps = 100'000;

    QString path;
    FunnelFormat format = FunnelFormat::FunnelV1;
    QString name;
    QString description;
    QJsonObject variables;  ///< name → string, number or boolean
    IdentityTable identities; ///< empty when the funnel names no CSV
    QList<FunnelStep> steps;
    QByteArray sha256;      ///< hex, of the file's bytes: a resumed run checks it is the same file
};

/// Names every funnel may use besides its variables: uuid, seq, now, order_id, user, step, run.
QStringList builtinTemplateNames();

/// How a funnel is loaded and checked.
struct FunnelLoadOptions
{
    /// Overrides the funnel's own "identities" CSV (the CLI's --identities).
    QString identitiesPath;
    /// Added to (and winning over) the funnel's "variables" (the CLI's --var).
    QJsonObject variables;
    /// The normaliser used for the dry run: CSV values it rejects are errors now, not at send.
    pii::Profile normalizer = pii::Profile::Meta;
};

/// A loaded funnel, or every reason it cannot be used ("FILE: line L, column C: path: …"),
/// found before anything is sent: JSON syntax, wrong types, unknown template names, bad CSV
/// rows, values the normaliser rejects. Warnings do not stop a run.
struct FunnelLoad
{
    std::optional<Funnel> funnel;
    QStringList errors;
    QStringList warnings;
    bool ok() const { return funnel.has_value() && errors.isEmpty(); }
};

FunnelLoad loadFunnel(const QString &path, const FunnelLoadOptions &options = {});
/// The same from bytes; `name` is used in messages, `baseDir` resolves a relative CSV path.
FunnelLoad parseFunnel(const QByteArray &bytes, const QString &name, const QString &baseDir,
                       const FunnelLoadOptions &options = {});

/// Steps whose event_id would be the same for every user (no per-user placeholder) when
/// `users` > 1: Meta would keep one of them and drop the rest as duplicates.
QStringList sharedIdWarnings(const Funnel &funnel, qint64 users);

} // namespace capiqa::replay

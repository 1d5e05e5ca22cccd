#pragma once

// Internal to src/core/emulator: the Graph API's wire formats as the emulator speaks them
// (error bodies, form bodies, CAPI bodies, Pixel hits). Pure functions, no server state, so
// they are easy to reason about apart from the HTTP plumbing.

#include "bodyscan.h"
#include "eventstore.h"
#include "faultspec.h"

#include "validate/validator.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QString>

#include <optional>
#include <utility>

namespace capiqa::emulator::detail {

/// One Graph error answer: {"error":{message,type,code,error_subcode,error_user_title,
/// error_user_msg,is_transient,fbtrace_id}}. Subcode and user texts are left out when unset,
/// as Graph does.
struct GraphError
{
    int httpStatus = 400;
    QString message;
    int code = 100;
    int subcode = 0;
    QString userTitle;
    QString userMessage;
    bool isTransient = false;
    QString type = QStringLiteral("OAuthException");
};

QJsonObject errorBody(const GraphError &error, const QString &fbtraceId);

/// Code 190. Graph answers a bad token with HTTP 400 plus a WWW-Authenticate header (sent by
/// the caller), not 401.
GraphError tokenError(bool missing);
/// Code 2500 with HTTP 404, for paths the emulator does not serve.
GraphError unknownPathError(const QString &method, const QString &path);
/// Code 100, subcode 33: the path names no object that takes this call (wrong method,
/// non-numeric pixel id).
GraphError unsupportedRequestError(const QString &method, const QString &objectId);
/// Code 100: a body that is not JSON, or a form whose `data` is not a JSON array.
GraphError malformedBodyError(const QString &detail);
/// Code 100 with a user title and message from the validator's first error.
GraphError validationError(const validate::Finding &first, qsizetype errorCount);
/// The error an injected fault answers with (not for Fault::None, Slow or Drop).
GraphError faultError(Fault fault);

/// 11 characters like Meta's fbtrace_id; random, so unrelated to the fault sequence.
QString newFbtraceId();

using FormFields = QList<std::pair<QString, QString>>;

/// application/x-www-form-urlencoded (also query strings): '+' is a space, %XX is decoded,
/// values are UTF-8. Order and repeated keys are kept.
FormFields parseForm(QByteArrayView bytes);
QString formValue(const FormFields &fields, QStringView key);

/// A CAPI request body, JSON or form-encoded, with the access token taken out.
struct CapiBody
{
    QJsonObject request; ///< {"data":[…], "test_event_code":…}; never holds access_token
    QString bodyToken;   ///< the body's access_token field, if any
    QString error;       ///< set when the body cannot be read: answer malformedBodyError(error)
    bool json = false;   ///< the body itself is the JSON document (not a form's `data` field)
};

CapiBody parseCapiBody(const QByteArray &body, QByteArrayView contentType);

/// The body as stored: every occurrence of the secrets replaced by "[redacted]" (the key stays,
/// so a reader still sees that the client put a token in the body).
QByteArray redactSecrets(QByteArray raw, const QStringList &secrets);

/// One ReceivedEvent per object in `data` (entries that are not objects are skipped). With
/// `spans` (dataObjectSpans() of rawBody, which must be the JSON that gave `request`), the
/// events point into rawBody instead of holding their objects.
QList<ReceivedEvent> serverEvents(const QJsonObject &request, const QString &pixelId, const QByteArray &rawBody,
                                  const QList<ByteSpan> *spans = nullptr);
/// What a CAPI body the quick check proved gives the emulator.
struct QuickBody
{
    QList<ReceivedEvent> events; ///< pointing into the body (see ReceivedEvent::rawLength)
    QString bodyToken;
};

/// The fast path for the common case: when `body` is the JSON request itself and
/// validate::quickCheck() proves that the Validator finds no error in it, the events it read,
/// with nothing parsed into a QJsonDocument; else nothing, and the caller parses and validates.
/// Also nothing when the body holds a secret: what the store keeps is then not `body`.
std::optional<QuickBody> quickServerEvents(const QByteArray &body, const QString &pixelId, const QString &queryToken,
                                           const validate::ValidationOptions &options);
/// The event of a Pixel hit; nothing when `id` or `ev` is missing.
std::optional<ReceivedEvent> browserEvent(const FormFields &params, const QByteArray &rawBody);

} // namespace capiqa::emulator::detail

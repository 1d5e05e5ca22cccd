#include "graphprotocol.h"

#include "validate/quickcheck.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonParseError>
#include <QtCore/QRandomGenerator>
#include <QtCore/QVarLengthArray>

namespace capiqa::emulator::detail {

using namespace Qt::StringLiterals;

QJsonObject errorBody(const GraphError &e, const QString &fbtraceId)
{
    QJsonObject error{
        {u"message"_s, e.message},
        {u"type"_s, e.type},
        {u"code"_s, e.code},
        {u"is_transient"_s, e.isTransient},
        {u"fbtrace_id"_s, fbtraceId},
    };
    if (e.subcode != 0)
        error.insert(u"error_subcode"_s, e.subcode);
    if (!e.userTitle.isEmpty())
        error.insert(u"error_user_title"_s, e.userTitle);
    if (!e.userMessage.isEmpty())
        error.insert(u"error_user_msg"_s, e.userMessage);
    return QJsonObject{{u"error"_s, error}};
}

GraphError tokenError(bool missing)
{
    GraphError e;
    e.code = 190;
    e.message = missing ? u"An access token is required to request this resource."_s
                        : u"Invalid OAuth access token - Cannot parse access token"_s;
    return e;
}

GraphError unknownPathError(const QString &method, const QString &path)
{
    GraphError e;
    e.httpStatus = 404;
    e.code = 2500;
    e.message = u"Unknown path components: %1 (%2; the local emulator serves POST /{version}/{pixel_id}/events, "
                "GET|POST /tr and /_capiqa/…)"_s.arg(path, method);
    return e;
}

GraphError unsupportedRequestError(const QString &method, const QString &objectId)
{
    GraphError e;
    e.code = 100;
    e.subcode = 33;
    e.message = u"Unsupported %1 request. Object with ID '%2' does not exist, cannot be loaded due to missing "
                "permissions, or does not support this operation."_s.arg(method.toLower(), objectId);
    return e;
}

GraphError malformedBodyError(const QString &detail)
{
    GraphError e;
    e.code = 100;
    e.message = u"Invalid parameter"_s;
    e.userTitle = u"Malformed Request Body"_s;
    e.userMessage = detail;
    return e;
}

namespace {

/// Meta-like titles for the errors senders hit most; the others get the generic one.
QString titleFor(QStringView rule, int *subcode)
{
    *subcode = 0;
    if (rule == u"event_time.too_old") {
        *subcode = 2804003; // what Meta answers for an event older than 7 days
        return u"Event Timestamp Too Old"_s;
    }
    if (rule == u"event_time.future")
        return u"Event Timestamp In The Future"_s;
    if (rule == u"event_time.milliseconds")
        return u"Event Timestamp In Milliseconds"_s;
    if (rule.startsWith(u"event_time."))
        return u"Invalid Event Timestamp"_s;
    if (rule == u"request.too_many_events")
        return u"Too Many Events In One Request"_s;
    if (rule.startsWith(u"request."))
        return u"Invalid Request"_s;
    if (rule.startsWith(u"user_data."))
        return u"Invalid Customer Information"_s;
    if (rule.startsWith(u"custom_data.") || rule.startsWith(u"purchase."))
        return u"Invalid Custom Data"_s;
    if (rule.startsWith(u"action_source."))
        return u"Invalid Action Source"_s;
    if (rule.startsWith(u"app_data."))
        return u"Invalid App Data"_s;
    return u"Invalid Parameter"_s;
}

} // namespace

GraphError validationError(const validate::Finding &first, qsizetype errorCount)
{
    GraphError e;
    e.code = 100;
    e.message = u"Invalid parameter"_s;
    e.userTitle = titleFor(first.rule, &e.subcode);
    QString msg = first.path.isEmpty() ? first.message : u"%1: %2"_s.arg(first.path, first.message);
    if (!first.fix.isEmpty())
        msg += u' ' + first.fix;
    if (errorCount > 1)
        msg += u" (%1 more problem(s) in this request; the local emulator reports the first.)"_s.arg(errorCount - 1);
    e.userMessage = msg;
    return e;
}

GraphError faultError(Fault fault)
{
    GraphError e;
    switch (fault) {
    case Fault::Http500:
        e.httpStatus = 500;
        e.code = 1;
        e.message = u"An unknown error has occurred."_s;
        break;
    case Fault::Http503:
        e.httpStatus = 503;
        e.code = 2;
        e.message = u"Service temporarily unavailable"_s;
        e.isTransient = true;
        break;
    case Fault::Http429:
        e.httpStatus = 429;
        e.code = 4;
        e.message = u"Application request limit reached"_s;
        e.isTransient = true;
        break;
    case Fault::Transient:
        e.httpStatus = 500;
        e.code = 2;
        e.message = u"An unexpected error has occurred. Please retry your request later."_s;
        e.isTransient = true;
        break;
    case Fault::None:
    case Fault::Slow:
    case Fault::Drop:
        Q_ASSERT_X(false, "faultError", "not an error fault");
        break;
    }
    return e;
}

QString newFbtraceId()
{
    static constexpr char16_t Alphabet[] = u"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    QString id(11, Qt::Uninitialized);
    for (QChar &c : id)
        c = QChar(Alphabet[QRandomGenerator::global()->bounded(64)]);
    return id;
}

FormFields parseForm(QByteArrayView bytes)
{
    FormFields fields;
    auto decode = [](QByteArrayView part) {
        QByteArray b = part.toByteArray();
        b.replace('+', ' ');
        return QString::fromUtf8(QByteArray::fromPercentEncoding(b));
    };
    for (QByteArrayView pair : QByteArray::fromRawData(bytes.data(), bytes.size()).split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        if (eq < 0)
            fields.append({decode(pair), QString()});
        else
            fields.append({decode(pair.first(eq)), decode(pair.sliced(eq + 1))});
    }
    return fields;
}

QString formValue(const FormFields &fields, QStringView key)
{
    for (const auto &[k, v] : fields) {
        if (k == key)
            return v;
    }
    return {};
}

CapiBody parseCapiBody(const QByteArray &body, QByteArrayView contentType)
{
    CapiBody result;
    const QByteArray trimmed = body.trimmed();
    // JSON when it looks like JSON, whatever the header says: clients that forget the header
    // get QNetworkAccessManager's default, application/x-www-form-urlencoded.
    const bool looksJson = trimmed.startsWith('{') || trimmed.startsWith('[');
    const bool isForm = !looksJson
        && (contentType.contains("application/x-www-form-urlencoded") || trimmed.isEmpty() || trimmed.contains('='));
    if (isForm) {
        for (const auto &[key, value] : parseForm(trimmed)) {
            if (key == "access_token"_L1) {
                result.bodyToken = value;
            } else if (key == "data"_L1) {
                QJsonParseError error;
                const QJsonDocument doc = QJsonDocument::fromJson(value.toUtf8(), &error);
                if (error.error != QJsonParseError::NoError || !doc.isArray()) {
                    result.error = u"The form field \"data\" must be a JSON array of events (param data must be "
                                   "an array)."_s;
                    return result;
                }
                result.request.insert(key, doc.array());
            } else {
                result.request.insert(key, value);
            }
        }
        return result;
    }

    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed, &error);
    if (error.error != QJsonParseError::NoError) {
        result.error = u"The request body is not valid JSON: %1 at byte %2."_s.arg(error.errorString()).arg(error.offset);
        return result;
    }
    if (!doc.isObject()) {
        result.error = u"The request body must be a JSON object such as {\"data\": [ … ]}."_s;
        return result;
    }
    result.json = true;
    result.request = doc.object();
    if (const QJsonValue token = result.request.take(u"access_token"_s); token.isString())
        result.bodyToken = token.toString();
    return result;
}

QByteArray redactSecrets(QByteArray raw, const QStringList &secrets)
{
    static const QByteArray Marker = QByteArrayLiteral("[redacted]");
    for (const QString &secret : secrets) {
        if (secret.isEmpty())
            continue;
        // replace() detaches even when nothing matches: look first, so a body without the
        // secret stays shared with the request instead of being copied (1 MB per batch).
        const QByteArray utf8 = secret.toUtf8();
        if (raw.contains(utf8))
            raw.replace(utf8, Marker);
        // The form-encoded spelling: "app|secret" travels as "app%7Csecret".
        if (const QByteArray encoded = utf8.toPercentEncoding(); encoded != utf8 && raw.contains(encoded))
            raw.replace(encoded, Marker);
    }
    // Any other spelling (lowercase %7c, '+' for a space, …) would survive the replacement:
    // withhold the body rather than store a token. Without '%' or '+' there is no other
    // spelling, and a 1 MB batch need not be copied and decoded.
    if (!raw.contains('%') && !raw.contains('+'))
        return raw;
    QByteArray decoded = raw;
    decoded.replace('+', ' ');
    decoded = QByteArray::fromPercentEncoding(decoded);
    for (const QString &secret : secrets) {
        if (!secret.isEmpty() && decoded.contains(secret.toUtf8()))
            return QByteArrayLiteral("[body withheld: it holds the access token in a spelling the emulator "
                                     "cannot redact]");
    }
    return raw;
}

namespace {

QString textOf(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return v.toVariant().toString();
    return {};
}

} // namespace

QList<ReceivedEvent> serverEvents(const QJsonObject &request, const QString &pixelId, const QByteArray &rawBody,
                                  const QList<ByteSpan> *spans)
{
    QList<ReceivedEvent> events;
    const QJsonArray data = request.value("data"_L1).toArray();
    const QString testCode = request.value("test_event_code"_L1).toString();
    qsizetype objects = 0;
    for (const QJsonValue &value : data)
        objects += value.isObject();
    // Spans that do not line up with the parsed entries are not trusted.
    const bool lazy = spans && spans->size() == objects;
    events.reserve(objects);
    for (const QJsonValue &value : data) {
        if (!value.isObject())
            continue;
        const QJsonObject o = value.toObject();
        ReceivedEvent e;
        e.source = EventSource::Server;
        e.pixelId = pixelId;
        e.testEventCode = testCode;
        e.eventName = textOf(o.value("event_name"_L1));
        e.eventId = textOf(o.value("event_id"_L1));
        e.eventTime = o.value("event_time"_L1).toInteger();
        if (lazy) {
            const ByteSpan &span = spans->at(events.size());
            e.rawBegin = span.begin;
            e.rawLength = span.length;
        } else {
            e.userData = o.value("user_data"_L1).toObject();
            e.customData = o.value("custom_data"_L1).toObject();
            e.event = o;
        }
        e.rawBody = rawBody;
        e.batchIndex = int(events.size());
        e.batchSize = int(objects);
        events.append(std::move(e));
    }
    return events;
}

std::optional<QuickBody> quickServerEvents(const QByteArray &body, const QString &pixelId, const QString &queryToken,
                                           const validate::ValidationOptions &options)
{
    // Leading whitespace would shift the offsets the events keep: left to the full path.
    if (!body.startsWith('{'))
        return std::nullopt;
    const validate::QuickCheck check = validate::quickCheck(body, options);
    if (!check.proven)
        return std::nullopt;
    QuickBody result;
    if (check.accessToken)
        result.bodyToken = QString::fromUtf8(*check.accessToken);
    const QByteArray stored = redactSecrets(body, {queryToken, result.bodyToken});
    if (stored.constData() != body.constData())
        return std::nullopt; // redacted (or withheld): the offsets are not into what is stored

    const QString testCode = check.testEventCode ? QString::fromUtf8(*check.testEventCode) : QString();
    // A batch repeats a handful of event names: share one string per name.
    QVarLengthArray<std::pair<QByteArrayView, QString>, 16> names;
    auto nameOf = [&names](QByteArrayView name) {
        for (const auto &[bytes, text] : names) {
            if (bytes == name)
                return text;
        }
        QString text = QString::fromUtf8(name);
        if (names.size() < 16)
            names.append({name, text});
        return text;
    };
    const int count = int(check.events.size());
    result.events.reserve(count);
    for (const validate::QuickEvent &q : check.events) {
        ReceivedEvent e;
        e.source = EventSource::Server;
        e.pixelId = pixelId;
        e.testEventCode = testCode;
        e.eventName = nameOf(q.name);
        e.eventId = QString::fromUtf8(q.id);
        e.eventTime = q.time;
        e.rawBegin = q.begin;
        e.rawLength = q.length;
        e.rawBody = stored;
        e.batchIndex = int(result.events.size());
        e.batchSize = count;
        result.events.append(std::move(e));
    }
    return result;
}

std::optional<ReceivedEvent> browserEvent(const FormFields &params, const QByteArray &rawBody)
{
    ReceivedEvent e;
    e.source = EventSource::Browser;
    e.rawBody = rawBody;
    // "cd[value]" → "value"; "cd[contents]" keeps its JSON text as sent.
    auto bracketKey = [](const QString &key, QLatin1StringView prefix) -> QString {
        if (!key.startsWith(prefix) || !key.endsWith(u']'))
            return {};
        return key.mid(prefix.size(), key.size() - prefix.size() - 1);
    };
    for (const auto &[key, value] : params) {
        e.event.insert(key, value);
        if (key == "id"_L1)
            e.pixelId = value;
        else if (key == "ev"_L1)
            e.eventName = value;
        else if (key == "eid"_L1)
            e.eventId = value;
        else if (key == "ts"_L1)
            e.eventTime = value.toLongLong() / 1000;
        else if (key == "test_event_code"_L1)
            e.testEventCode = value;
        else if (key == "fbp"_L1 || key == "fbc"_L1)
            e.userData.insert(key, value);
        else if (const QString cd = bracketKey(key, "cd["_L1); !cd.isEmpty())
            e.customData.insert(cd, value);
        else if (const QString ud = bracketKey(key, "ud["_L1); !ud.isEmpty())
            e.userData.insert(ud, value);
    }
    if (e.pixelId.isEmpty() || e.eventName.isEmpty())
        return std::nullopt;
    return e;
}

} // namespace capiqa::emulator::detail

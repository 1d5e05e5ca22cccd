// The emulator's routes: the CAPI edge, the Pixel endpoint and the /_capiqa read API.
#include "graphemulator.h"
#include "graphprotocol.h"

#include "buildinfo.h"
#include "validate/validator.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QRegularExpression>
#include <QtHttpServer/QHttpServerRequest>
#include <QtHttpServer/QHttpServerResponder>
#include <QtHttpServer/QHttpServerResponse>

namespace capiqa::emulator {

using namespace Qt::StringLiterals;
using detail::GraphError;

namespace {

using Status = QHttpServerResponse::StatusCode;

QString methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return u"GET"_s;
    case QHttpServerRequest::Method::Post: return u"POST"_s;
    case QHttpServerRequest::Method::Put: return u"PUT"_s;
    case QHttpServerRequest::Method::Delete: return u"DELETE"_s;
    case QHttpServerRequest::Method::Head: return u"HEAD"_s;
    case QHttpServerRequest::Method::Options: return u"OPTIONS"_s;
    case QHttpServerRequest::Method::Patch: return u"PATCH"_s;
    default: return u"OTHER"_s;
    }
}

QHttpServerResponse jsonResponse(const QJsonObject &body, int status = 200)
{
    return QHttpServerResponse(body, Status(status));
}

QHttpServerResponse errorResponse(const GraphError &error, const QString &fbtraceId)
{
    QHttpServerResponse response = jsonResponse(detail::errorBody(error, fbtraceId), error.httpStatus);
    if (error.code == 190) {
        // What Graph adds to token errors (RFC 6750 style).
        response.addHeader("WWW-Authenticate"_ba,
                           "OAuth \"Facebook Platform\" \"invalid_token\" \""_ba + error.message.toUtf8() + '"');
    }
    return response;
}

/// The 43-byte transparent 1x1 GIF that pixel endpoints answer an <img> request with.
QByteArray transparentGif()
{
    static const unsigned char Gif[] = {
        'G', 'I', 'F', '8', '9', 'a', 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
        0x00, 0xFF, 0xFF, 0xFF, 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00,
        0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    };
    return QByteArray(reinterpret_cast<const char *>(Gif), sizeof Gif);
}

HandledRequest summary(const QHttpServerRequest &request, qint64 receivedMs)
{
    HandledRequest h;
    h.receivedMs = receivedMs;
    h.method = methodName(request.method());
    h.path = request.url().path(); // never the query: it may hold the token
    return h;
}

void markAll(QList<ReceivedEvent> &events, qint64 receivedMs, int status, Fault fault, const QString &fbtraceId)
{
    for (ReceivedEvent &e : events) {
        e.receivedMs = receivedMs;
        e.httpStatus = status;
        e.fault = fault;
        e.fbtraceId = fbtraceId;
    }
}

} // namespace

void GraphEmulator::handleEvents(const QString &version, const QString &pixelId, const QHttpServerRequest &request,
                                 QHttpServerResponder &&responder)
{
    static const QRegularExpression VersionPattern(u"^v\\d+\\.\\d+$"_s);
    static const QRegularExpression PixelPattern(u"^\\d+$"_s);
    const qint64 receivedMs = QDateTime::currentMSecsSinceEpoch();
    const QString fbtraceId = detail::newFbtraceId();
    HandledRequest handled = summary(request, receivedMs);
    handled.fbtraceId = fbtraceId;

    auto reject = [&](const GraphError &error, QList<ReceivedEvent> events, int delayMs) {
        markAll(events, receivedMs, error.httpStatus, handled.fault, fbtraceId);
        handled.eventCount = int(events.size());
        handled.httpStatus = error.httpStatus;
        handled.graphErrorCode = error.code;
        handled.delayMs = delayMs;
        record(std::move(events));
        answer(std::move(responder), errorResponse(error, fbtraceId), delayMs);
        Q_EMIT requestHandled(handled);
    };

    // Routing problems are answered before a fault is drawn, so stray requests do not shift
    // the seeded fault sequence.
    if (!VersionPattern.match(version).hasMatch())
        return reject(detail::unknownPathError(handled.method, handled.path), {}, 0);
    if (request.method() != QHttpServerRequest::Method::Post || !PixelPattern.match(pixelId).hasMatch())
        return reject(detail::unsupportedRequestError(handled.method, pixelId), {}, 0);

    handled.fault = m_faults.next();
    const int delayMs = handled.fault == Fault::Slow ? m_faults.spec().slowDelayMs : 0;

    const QByteArray bytes = request.body();
    const QString queryToken = request.query().queryItemValue(u"access_token"_s, QUrl::FullyDecoded);
    validate::ValidationOptions options;
    options.now = m_referenceTime;
    // The common case, a well-formed request, is proven valid in one pass over the bytes; the
    // rest is parsed and validated in full, which also words the errors.
    std::optional<detail::QuickBody> quick = detail::quickServerEvents(bytes, pixelId, queryToken, options);
    detail::CapiBody body;
    QList<ReceivedEvent> events;
    if (quick) {
        body.bodyToken = quick->bodyToken;
        events = std::move(quick->events);
    } else {
        body = detail::parseCapiBody(bytes, request.value("content-type"_ba));
    }
    const QString token = queryToken.isEmpty() ? body.bodyToken : queryToken;
    if (!quick && body.error.isEmpty()) {
        const QByteArray rawBody = detail::redactSecrets(bytes, {queryToken, body.bodyToken});
        // The store points into the body it keeps anyway, unless redaction changed the bytes
        // the events were parsed from.
        std::optional<QList<detail::ByteSpan>> spans;
        if (body.json && rawBody == bytes)
            spans = detail::dataObjectSpans(rawBody);
        events = detail::serverEvents(body.request, pixelId, rawBody, spans ? &*spans : nullptr);
    }

    switch (handled.fault) {
    case Fault::Drop:
        markAll(events, receivedMs, 0, Fault::Drop, fbtraceId);
        handled.eventCount = int(events.size());
        record(std::move(events));
        drop(std::move(responder));
        Q_EMIT requestHandled(handled);
        return;
    case Fault::Http500:
    case Fault::Http503:
    case Fault::Http429:
    case Fault::Transient: {
        const GraphError error = detail::faultError(handled.fault);
        markAll(events, receivedMs, error.httpStatus, handled.fault, fbtraceId);
        handled.eventCount = int(events.size());
        handled.httpStatus = error.httpStatus;
        handled.graphErrorCode = error.code;
        record(std::move(events));
        QHttpServerResponse response = errorResponse(error, fbtraceId);
        if (handled.fault == Fault::Http429)
            response.addHeader("Retry-After"_ba, QByteArray::number(m_faults.spec().retryAfterSeconds));
        answer(std::move(responder), std::move(response));
        Q_EMIT requestHandled(handled);
        return;
    }
    case Fault::None:
    case Fault::Slow:
        break;
    }

    if (!tokenAccepted(token))
        return reject(detail::tokenError(token.isEmpty()), std::move(events), delayMs);
    if (!body.error.isEmpty())
        return reject(detail::malformedBodyError(body.error), {}, delayMs);

    const QList<validate::Finding> findings =
        quick ? QList<validate::Finding>() : validate::Validator().validate(body.request, options);
    if (const qsizetype errors = validate::countOf(findings, validate::Severity::Error); errors > 0) {
        const auto first = std::find_if(findings.cbegin(), findings.cend(), [](const validate::Finding &f) {
            return f.severity == validate::Severity::Error;
        });
        return reject(detail::validationError(*first, errors), std::move(events), delayMs);
    }

    markAll(events, receivedMs, 200, handled.fault, fbtraceId);
    handled.eventCount = int(events.size());
    handled.httpStatus = 200;
    handled.delayMs = delayMs;
    record(std::move(events));
    const QJsonObject ok{
        {u"events_received"_s, handled.eventCount},
        {u"messages"_s, QJsonArray()},
        {u"fbtrace_id"_s, fbtraceId},
    };
    answer(std::move(responder), jsonResponse(ok), delayMs);
    Q_EMIT requestHandled(handled);
}

void GraphEmulator::handlePixel(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const qint64 receivedMs = QDateTime::currentMSecsSinceEpoch();
    HandledRequest handled = summary(request, receivedMs);
    const auto method = request.method();
    if (method != QHttpServerRequest::Method::Get && method != QHttpServerRequest::Method::Post)
        return handleMissing(request, std::move(responder));

    const QByteArray query = request.url().query(QUrl::FullyEncoded).toUtf8();
    detail::FormFields params = detail::parseForm(query);
    QByteArray raw = query;
    if (method == QHttpServerRequest::Method::Post) {
        params += detail::parseForm(request.body());
        raw = request.body();
    }
    if (std::optional<ReceivedEvent> event = detail::browserEvent(params, raw)) {
        event->receivedMs = receivedMs;
        handled.eventCount = 1;
        record({*event});
    }
    handled.httpStatus = 200;
    if (method == QHttpServerRequest::Method::Get) {
        QHttpServerResponse response("image/gif"_ba, transparentGif());
        response.addHeader("Cache-Control"_ba, "no-cache, no-store, must-revalidate"_ba);
        answer(std::move(responder), std::move(response));
    } else {
        answer(std::move(responder), QHttpServerResponse("text/plain"_ba, QByteArray()));
    }
    Q_EMIT requestHandled(handled);
}

void GraphEmulator::handleReadEvents(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    HandledRequest handled = summary(request, QDateTime::currentMSecsSinceEpoch());
    handled.httpStatus = 200;
    if (request.method() == QHttpServerRequest::Method::Delete) {
        const qsizetype cleared = m_store.count();
        m_store.clear();
        answer(std::move(responder), jsonResponse({{u"ok"_s, true}, {u"cleared"_s, qint64(cleared)}}));
        Q_EMIT requestHandled(handled);
        return;
    }

    const QUrlQuery params = request.query();
    auto value = [&](const QString &key) { return params.queryItemValue(key, QUrl::FullyDecoded); };
    auto badParameter = [&](const QString &message) {
        GraphError error = detail::malformedBodyError(message);
        error.userTitle = u"Invalid Query Parameter"_s;
        handled.httpStatus = error.httpStatus;
        handled.graphErrorCode = error.code;
        answer(std::move(responder), errorResponse(error, detail::newFbtraceId()));
        Q_EMIT requestHandled(handled);
    };

    EventQuery query;
    bool ok = true;
    if (const QString since = value(u"since"_s); !since.isEmpty()) {
        query.sinceMs = since.toLongLong(&ok);
        if (!ok || query.sinceMs < 0)
            return badParameter(u"since must be a receipt time in Unix milliseconds (0 or more)."_s);
    }
    constexpr qsizetype DefaultLimit = 1000;
    query.limit = DefaultLimit;
    if (const QString limit = value(u"limit"_s); !limit.isEmpty()) {
        query.limit = limit.toLongLong(&ok);
        if (!ok || query.limit < 1 || query.limit > EventStore::DefaultCapacity)
            return badParameter(u"limit must be a whole number from 1 to 100000."_s);
    }
    if (const QString source = value(u"source"_s); !source.isEmpty()) {
        query.source = sourceFromName(source);
        if (!query.source)
            return badParameter(u"source must be \"server\" or \"browser\"."_s);
    }
    query.pixelId = value(u"pixel"_s);
    query.eventName = value(u"event_name"_s);
    query.eventId = value(u"event_id"_s);
    query.testEventCode = value(u"test_event_code"_s);
    query.acceptedOnly = value(u"accepted"_s) == "1"_L1 || value(u"accepted"_s) == "true"_L1;
    const bool withRaw = value(u"raw"_s) == "1"_L1 || value(u"raw"_s) == "true"_L1;

    const EventPage page = m_store.query(query);
    QJsonArray events;
    for (const ReceivedEvent &e : page.events)
        events.append(toJson(e, withRaw));
    answer(std::move(responder), jsonResponse({
                                     {u"events"_s, events},
                                     {u"next_since"_s, page.nextSince},
                                     {u"truncated"_s, page.truncated},
                                 }));
    Q_EMIT requestHandled(handled);
}

void GraphEmulator::handleHealth(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    HandledRequest handled = summary(request, QDateTime::currentMSecsSinceEpoch());
    handled.httpStatus = 200;
    answer(std::move(responder), jsonResponse({
                                     {u"ok"_s, true},
                                     {u"version"_s, buildinfo::version()},
                                     {u"events"_s, qint64(m_store.count())},
                                     {u"capacity"_s, qint64(m_store.capacity())},
                                     {u"faults"_s, m_faults.spec().toString()},
                                     {u"recording"_s, m_recordFile.isOpen()},
                                 }));
    Q_EMIT requestHandled(handled);
}

void GraphEmulator::handleMissing(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    HandledRequest handled = summary(request, QDateTime::currentMSecsSinceEpoch());
    const GraphError error = detail::unknownPathError(handled.method, handled.path);
    handled.httpStatus = error.httpStatus;
    handled.graphErrorCode = error.code;
    answer(std::move(responder), errorResponse(error, detail::newFbtraceId()));
    Q_EMIT requestHandled(handled);
}

} // namespace capiqa::emulator

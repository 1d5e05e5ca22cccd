#pragma once

// Shared by the CapiClient tests (tst_capiclient, tst_capiclient_retry, tst_sendplan,
// tst_client_emulator): a secret-looking token, a valid hashed body, options with a short
// backoff, a Graph error body, the texts a result or a log entry holds (for never-leak
// checks), and a way to wait for a send's one result.

#include "log/logentry.h"
#include "transport/sendhandle.h"
#include "transport/sendoptions.h"
#include "transport/sendresult.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtTest/QTest>

#include <memory>
#include <optional>

namespace capiclienttest {

using namespace Qt::StringLiterals;

// Characters that must be percent-encoded in a query, so that encoding bugs show.
inline const QString Token = u"EAAB-test+token/with=odd&chars-0123456789"_s;
inline const QString AppSecret = u"app-secret-0123456789"_s;
inline const QString TestCode = u"TEST4242"_s;

inline QJsonObject makeBody(int events)
{
    QJsonArray data;
    for (int i = 0; i < events; ++i) {
        data.append(QJsonObject{
            {u"event_name"_s, u"Purchase"_s},
            {u"event_time"_s, 1'760'000'000 + i},
            {u"event_id"_s, QString(u"e"_s + QString::number(i))},
            {u"action_source"_s, u"website"_s},
            {u"event_source_url"_s, u"https://shop.example/checkout"_s},
            {u"user_data"_s, QJsonObject{{u"em"_s, QJsonArray{u"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"_s}},
                                         {u"client_user_agent"_s, u"Mozilla/5.0"_s}}},
            {u"custom_data"_s, QJsonObject{{u"value"_s, 12.5}, {u"currency"_s, u"EUR"_s},
                                           {u"content_name"_s, u"Crème brûlée 🍰"_s}}},
        });
    }
    return QJsonObject{{u"data"_s, data}, {u"test_event_code"_s, TestCode}};
}

/// Options aimed at a ScriptedServer (anything with baseUrl()). A template so that tests which
/// do not use the scripted server need neither its header nor its code.
template <typename Server>
capiqa::transport::SendOptions optionsFor(const Server &server)
{
    capiqa::transport::SendOptions o;
    o.baseUrl = server.baseUrl();
    o.pixelId = u"1234567890"_s;
    o.accessToken = Token;
    o.testEventCode = TestCode;
    o.timeoutMs = 3'000;
    o.retry.initialBackoffMs = 20;
    o.retry.jitter = 0.0;
    o.profileName = u"test profile"_s;
    return o;
}

inline QByteArray graphError(int code, bool transient = false, const QString &message = u"Invalid parameter"_s)
{
    const QJsonObject error{
        {u"message"_s, message},
        {u"type"_s, u"OAuthException"_s},
        {u"code"_s, code},
        {u"error_subcode"_s, 2'804'003},
        {u"is_transient"_s, transient},
        {u"error_user_title"_s, u"Event time too old"_s},
        {u"error_user_msg"_s, u"The timestamp for this event is too far in the past."_s},
        {u"fbtrace_id"_s, u"ErrTrace1"_s},
    };
    return QJsonDocument(QJsonObject{{u"error"_s, error}}).toJson(QJsonDocument::Compact);
}

inline QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// Every string a result holds, for the never-leak check.
inline QStringList resultTexts(const capiqa::transport::SendResult &r)
{
    QStringList out{r.requestUrl, QString::fromUtf8(r.requestBody), QString::fromUtf8(r.rawResponse), r.networkError,
                    r.refusal, r.error.message, r.error.errorUserMsg, r.error.errorUserTitle, r.summary(),
                    r.plainExplanation()};
    out += r.warnings;
    out += r.messages;
    for (const capiqa::transport::RequestResult &c : r.chunks)
        out << c.requestUrl << QString::fromUtf8(c.requestBody) << QString::fromUtf8(c.rawResponse) << c.networkError
            << c.error.message << c.error.errorUserMsg;
    return out;
}

inline QStringList entryTexts(const capiqa::log::LogEntry &e)
{
    QStringList out{e.profile, e.message, e.method, e.url, e.fbtraceId, e.error, e.requestBody, e.responseBody};
    for (const auto &[name, value] : e.requestHeaders)
        out << name << value;
    for (const auto &[name, value] : e.responseHeaders)
        out << name << value;
    return out;
}

using Pending = std::shared_ptr<std::optional<capiqa::transport::SendResult>>;

// Catches the handle's one finished(). Connect right after send(): a handle deletes itself
// once it has announced its result.
inline Pending collect(capiqa::transport::SendHandle *handle)
{
    auto pending = std::make_shared<std::optional<capiqa::transport::SendResult>>();
    QObject::connect(handle, &capiqa::transport::SendHandle::finished, handle,
                     [pending](const capiqa::transport::SendResult &r) { *pending = r; });
    return pending;
}

// A default result (sendId 0) means it never came.
inline capiqa::transport::SendResult wait(const Pending &pending, int timeoutMs = 10'000)
{
    static_cast<void>(QTest::qWaitFor([&] { return pending->has_value(); }, timeoutMs));
    return pending->value_or(capiqa::transport::SendResult());
}

inline capiqa::transport::SendResult run(capiqa::transport::SendHandle *handle, int timeoutMs = 10'000)
{
    return wait(collect(handle), timeoutMs);
}

} // namespace capiclienttest

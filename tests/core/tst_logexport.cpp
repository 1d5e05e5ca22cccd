#include "log/logbus.h"
#include "log/logdetail.h"
#include "log/logexport.h"

#include <QtCore/QBuffer>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using namespace capiqa::log;

namespace {

const QString Token = u"EAAB-secret-token-123"_s;

/// A send with one retried request, through a real bus (which redacts), as CapiClient posts it.
QList<LogEntry> sampleLog()
{
    LogBus bus;
    LogEntry out;
    out.direction = Direction::Outgoing;
    out.sendId = 3;
    out.profile = u"Shop"_s;
    out.method = u"POST"_s;
    out.url = u"https://graph.facebook.com/v21.0/1234567890/events?access_token="_s + Token + u"&test_event_code=TEST1"_s;
    out.eventCount = 1;
    out.requestHeaders = {{u"Content-Type"_s, u"application/json"_s}, {u"Authorization"_s, u"Bearer "_s + Token}};
    out.requestBody = u"{\"data\":[{\"event_name\":\"Purchase\"}],\"access_token\":\""_s + Token + u"\"}"_s;
    out.timestamp = QDateTime(QDate(2025, 1, 2), QTime(10, 0, 0, 250), Qt::UTC);

    LogEntry in503 = out;
    in503.direction = Direction::Incoming;
    in503.level = Level::Warning;
    in503.requestHeaders.clear();
    in503.requestBody.clear();
    in503.httpStatus = 503;
    in503.durationMs = 120;
    in503.error = u"(#2) Service temporarily unavailable"_s;
    in503.responseHeaders = {{u"Content-Type"_s, u"application/json"_s}};
    in503.responseBody = u"{\"error\":{\"code\":2}}"_s;
    in503.timestamp = out.timestamp.addMSecs(120);

    LogEntry retry;
    retry.sendId = 3;
    retry.level = Level::Warning;
    retry.message = u"Retrying in 512 ms: HTTP 503"_s;

    LogEntry out2 = out;
    out2.attempt = 2;
    out2.timestamp = out.timestamp.addMSecs(700);
    out.attempt = 1;
    in503.attempt = 1;
    LogEntry in200 = in503;
    in200.attempt = 2;
    in200.level = Level::Info;
    in200.httpStatus = 200;
    in200.error.clear();
    in200.durationMs = 80;
    in200.fbtraceId = u"AXyZ123"_s;
    in200.responseBody = u"{\"events_received\":1,\"fbtrace_id\":\"AXyZ123\"}"_s;
    in200.timestamp = out2.timestamp.addMSecs(80);

    LogEntry lonely = out; // a request whose answer never came
    lonely.sendId = 4;

    for (const LogEntry &e : {out, in503, retry, out2, in200, lonely})
        bus.post(e);
    return bus.entries();
}

} // namespace

class TestLogExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonLinesHasEveryField()
    {
        const QList<LogEntry> log = sampleLog();
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        const ExportResult result = writeJsonLines(buffer, log);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.written, 6);
        const QList<QByteArray> lines = buffer.data().trimmed().split('\n');
        QCOMPARE(lines.size(), 6);
        QVERIFY(!buffer.data().contains(Token.toUtf8()));

        QJsonParseError error;
        const QJsonObject first = QJsonDocument::fromJson(lines.at(0), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(first.value(u"direction"_s).toString(), u"outgoing"_s);
        QCOMPARE(first.value(u"time"_s).toString(), u"2025-01-02T10:00:00.250Z"_s);
        QCOMPARE(first.value(u"send_id"_s).toInteger(), 3);
        QCOMPARE(first.value(u"attempt"_s).toInt(), 1);
        QCOMPARE(first.value(u"request_headers"_s).toArray().at(1).toArray().at(1).toString(), u"REDACTED"_s);
        QVERIFY(first.value(u"url"_s).toString().contains(u"access_token=REDACTED&test_event_code=TEST1"_s));
        QVERIFY(first.value(u"request_body"_s).toString().contains(u"Purchase"_s));
        // Keys in the documented order.
        QVERIFY(lines.at(0).startsWith("{\"id\":1,\"time\":"));

        const QJsonObject answer = QJsonDocument::fromJson(lines.at(1)).object();
        QCOMPARE(answer.value(u"http_status"_s).toInt(), 503);
        QCOMPARE(answer.value(u"duration_ms"_s).toInt(), 120);
        QCOMPARE(answer.value(u"error"_s).toString(), u"(#2) Service temporarily unavailable"_s);
        QCOMPARE(answer.value(u"level"_s).toString(), u"warning"_s);
    }

    void harIsValidAndPairsRequestsWithAnswers()
    {
        const QList<LogEntry> log = sampleLog();
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        const ExportResult result = writeHar(buffer, log);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.written, 3); // 503 pair, 200 pair, the unanswered request
        QCOMPARE(result.skipped, 1); // the retry note
        QVERIFY(!buffer.data().contains(Token.toUtf8()));

        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(buffer.data(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonObject har = doc.object().value(u"log"_s).toObject();
        QCOMPARE(har.value(u"version"_s).toString(), u"1.2"_s);
        QCOMPARE(har.value(u"creator"_s).toObject().value(u"name"_s).toString(), u"capiqa"_s);
        QVERIFY(!har.value(u"creator"_s).toObject().value(u"version"_s).toString().isEmpty());
        const QJsonArray entries = har.value(u"entries"_s).toArray();
        QCOMPARE(entries.size(), 3);

        for (const QJsonValue &value : entries) {
            const QJsonObject entry = value.toObject();
            // What HAR 1.2 requires of every entry.
            for (const QString &key : {u"startedDateTime"_s, u"time"_s, u"request"_s, u"response"_s, u"cache"_s, u"timings"_s})
                QVERIFY2(entry.contains(key), qPrintable(key));
            for (const QString &key : {u"method"_s, u"url"_s, u"httpVersion"_s, u"cookies"_s, u"headers"_s,
                                       u"queryString"_s, u"headersSize"_s, u"bodySize"_s})
                QVERIFY2(entry.value(u"request"_s).toObject().contains(key), qPrintable(key));
            for (const QString &key : {u"status"_s, u"statusText"_s, u"httpVersion"_s, u"cookies"_s, u"headers"_s,
                                       u"content"_s, u"redirectURL"_s, u"headersSize"_s, u"bodySize"_s})
                QVERIFY2(entry.value(u"response"_s).toObject().contains(key), qPrintable(key));
            const QJsonObject timings = entry.value(u"timings"_s).toObject();
            for (const QString &key : {u"send"_s, u"wait"_s, u"receive"_s})
                QVERIFY(timings.value(key).toDouble() >= 0);
            QVERIFY(QDateTime::fromString(entry.value(u"startedDateTime"_s).toString(), Qt::ISODateWithMs).isValid());
        }

        const QJsonObject first = entries.at(0).toObject();
        QCOMPARE(first.value(u"startedDateTime"_s).toString(), u"2025-01-02T10:00:00.250Z"_s);
        QCOMPARE(first.value(u"time"_s).toInt(), 120);
        const QJsonObject request = first.value(u"request"_s).toObject();
        QCOMPARE(request.value(u"method"_s).toString(), u"POST"_s);
        QCOMPARE(request.value(u"postData"_s).toObject().value(u"mimeType"_s).toString(), u"application/json"_s);
        QVERIFY(request.value(u"postData"_s).toObject().value(u"text"_s).toString().contains(u"Purchase"_s));
        const QJsonArray query = request.value(u"queryString"_s).toArray();
        QCOMPARE(query.size(), 2);
        QCOMPARE(query.at(0).toObject().value(u"value"_s).toString(), u"REDACTED"_s);
        QCOMPARE(first.value(u"response"_s).toObject().value(u"status"_s).toInt(), 503);
        QCOMPARE(first.value(u"response"_s).toObject().value(u"statusText"_s).toString(), u"Service Unavailable"_s);
        QCOMPARE(first.value(u"_capiqa"_s).toObject().value(u"attempt"_s).toInt(), 1);

        const QJsonObject second = entries.at(1).toObject();
        QCOMPARE(second.value(u"response"_s).toObject().value(u"status"_s).toInt(), 200);
        QCOMPARE(second.value(u"response"_s).toObject().value(u"content"_s).toObject().value(u"text"_s).toString(),
                 u"{\"events_received\":1,\"fbtrace_id\":\"AXyZ123\"}"_s);
        QCOMPARE(second.value(u"_capiqa"_s).toObject().value(u"fbtrace_id"_s).toString(), u"AXyZ123"_s);
        QCOMPARE(second.value(u"_capiqa"_s).toObject().value(u"attempt"_s).toInt(), 2);

        const QJsonObject third = entries.at(2).toObject();
        QCOMPARE(third.value(u"response"_s).toObject().value(u"status"_s).toInt(), 0);
        QVERIFY(third.contains(u"_error"_s));
    }

    void answerWithoutItsRequestStandsAlone()
    {
        LogEntry received;
        received.id = 9;
        received.direction = Direction::Incoming;
        received.method = u"POST"_s;
        received.url = u"http://127.0.0.1:8765/v21.0/1/events"_s;
        received.httpStatus = 400;
        received.requestBody = u"data=%5B%5D"_s;
        received.timestamp = QDateTime(QDate(2025, 1, 2), QTime(10, 0), Qt::UTC);
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QCOMPARE(writeHar(buffer, {received}).written, 1);
        const QJsonObject entry = QJsonDocument::fromJson(buffer.data())
                                      .object()[u"log"_s][u"entries"_s][0].toObject();
        QCOMPARE(entry[u"request"_s][u"postData"_s][u"text"_s].toString(), u"data=%5B%5D"_s);
        QCOMPARE(entry[u"response"_s][u"status"_s].toInt(), 400);
        QCOMPARE(entry[u"time"_s].toInt(), 0);
    }

    void exportToFileIsAllOrNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"log.har"_s);
        QCOMPARE(exportFormatForPath(path), ExportFormat::Har);
        QCOMPARE(exportFormatForPath(u"x.JSONL"_s), ExportFormat::JsonLines);
        QCOMPARE(exportFormatForPath(u"x.txt"_s), std::nullopt);
        const ExportResult ok = exportToFile(path, ExportFormat::Har, sampleLog());
        QVERIFY2(ok.ok(), qPrintable(ok.error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!QJsonDocument::fromJson(file.readAll()).isNull());

        const QString bad = dir.filePath(u"missing/dir/log.jsonl"_s);
        const ExportResult failed = exportToFile(bad, ExportFormat::JsonLines, sampleLog());
        QVERIFY(!failed.ok());
        QVERIFY2(failed.error.startsWith(bad), qPrintable(failed.error));
        QVERIFY(!QFile::exists(bad));
    }

    void writeFailureIsReported()
    {
        QBuffer readOnly;
        readOnly.open(QIODevice::ReadOnly);
        QTest::ignoreMessage(QtWarningMsg, "QIODevice::write (QBuffer): ReadOnly device");
        const ExportResult result = writeJsonLines(readOnly, sampleLog());
        QVERIFY(!result.ok());
        QCOMPARE(result.written, 0);
    }

    void detailText()
    {
        QCOMPARE(prettyBody(u"{\"a\":1,\"access_token\":\"abc\"}"_s),
                 u"{\n    \"a\": 1,\n    \"access_token\": \"REDACTED\"\n}"_s);
        QCOMPARE(prettyBody(u"data=%5B%7B%22event_name%22%3A%22Lead%22%7D%5D&test_event_code=T1"_s),
                 u"data =\n[\n    {\n        \"event_name\": \"Lead\"\n    }\n]\ntest_event_code = T1"_s);
        QCOMPARE(prettyBody(u"{\"cut\": [1, 2"_s), u"{\"cut\": [1, 2"_s); // not JSON: as is
        QCOMPARE(headersText({{u"Authorization"_s, u"Bearer abc"_s}, {u"Accept"_s, u"application/json"_s}}),
                 u"Authorization: REDACTED\nAccept: application/json"_s);
        QCOMPARE(httpReasonPhrase(429), u"Too Many Requests"_s);

        const QList<LogEntry> log = sampleLog();
        const auto facts = entryFacts(log.at(1), &log.at(0));
        QStringList labels;
        for (const auto &fact : facts)
            labels << fact.first;
        QVERIFY(labels.contains(u"HTTP status"_s));
        QVERIFY(labels.contains(u"Attempt"_s));
        const auto status = std::find_if(facts.cbegin(), facts.cend(), [](const auto &f) { return f.first == u"HTTP status"_s; });
        QCOMPARE(status->second, u"503 Service Unavailable"_s);
    }
};

QTEST_GUILESS_MAIN(TestLogExport)
#include "tst_logexport.moc"

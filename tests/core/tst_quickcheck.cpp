// The quick check may only prove what is true: whenever quickCheck() says "proven", Qt's parser
// must read the body and the Validator must find no error in it, and the events it read (name,
// id, time, the bytes of each object) must be what Qt reads. Checked on the validator fixtures,
// thousands of seeded structural mutations of them (compact and indented), seeded byte-level
// damage (quotes, brackets, escapes, control characters, broken UTF-8, truncation) and a table of
// edge cases; and it must prove the ordinary cases, or it would be useless.
#include "validate/quickcheck.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

#include "requestmutations.h"

using namespace capiqa::validate;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Now = 1767229200; // the fixtures' reference time (tests/data/validate/README.md)

using Rng = capiqa::bench::Rng;

QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(CAPIQA_TEST_DATA) + u"/validate/"_s + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString textOf(const QJsonValue &v)
{
    return v.isString() ? v.toString() : QString();
}

/// Empty when the quick check's answer for `body` is sound; else what is wrong.
QString unsound(const QByteArray &body, bool *proven)
{
    ValidationOptions options;
    options.now = Now;
    const QuickCheck quick = quickCheck(body, options);
    *proven = quick.proven;
    if (!quick.proven)
        return quick.events.isEmpty() && !quick.testEventCode && !quick.accessToken ? QString()
                                                                                    : u"unproven but not empty"_s;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return u"proven, but Qt does not read it: "_s + error.errorString();
    QJsonObject request = doc.object();
    const QJsonValue token = request.take(u"access_token"_s); // as the emulator does
    const QList<Finding> findings = Validator().validate(request, options);
    for (const Finding &f : findings) {
        if (f.severity == Severity::Error)
            return u"proven, but the Validator reports %1 at %2"_s.arg(f.rule, f.path);
    }
    const QJsonArray data = request.value(u"data"_s).toArray();
    if (quick.events.size() != data.size())
        return u"%1 events read, %2 in data"_s.arg(quick.events.size()).arg(data.size());
    for (qsizetype i = 0; i < data.size(); ++i) {
        const QJsonObject event = data.at(i).toObject();
        const QuickEvent &e = quick.events.at(i);
        if (QString::fromUtf8(e.name) != textOf(event.value(u"event_name"_s))
            || QString::fromUtf8(e.id) != textOf(event.value(u"event_id"_s))
            || e.time != event.value(u"event_time"_s).toInteger())
            return u"event %1 read differently"_s.arg(i);
        const QJsonDocument span = QJsonDocument::fromJson(body.mid(e.begin, e.length));
        if (span.object() != event)
            return u"event %1's bytes are not the event"_s.arg(i);
    }
    if (QString::fromUtf8(quick.testEventCode.value_or(QByteArrayView())) != textOf(request.value(u"test_event_code"_s)))
        return u"test_event_code read differently"_s;
    if (QString::fromUtf8(quick.accessToken.value_or(QByteArrayView())) != textOf(token))
        return u"access_token read differently"_s;
    return {};
}

const char *const Fixtures[] = {"website-purchase-clean.json", "raw-pii-milliseconds.json", "app-purchase.json",
                                "sdk-style-batch.json"};

/// The clean website fixture as a website request the bench would send: every field kind.
QByteArray websiteBody()
{
    return fixture(u"website-purchase-clean.json"_s);
}

} // namespace

class TestQuickCheck final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void provesTheOrdinaryCase()
    {
        bool proven = false;
        QCOMPARE(unsound(websiteBody(), &proven), QString());
        QVERIFY(proven);
        const QByteArray compact = QJsonDocument::fromJson(websiteBody()).toJson(QJsonDocument::Compact);
        QCOMPARE(unsound(compact, &proven), QString());
        QVERIFY(proven);

        ValidationOptions options;
        options.now = Now;
        const QByteArray body = websiteBody(); // the views below point into it
        const QuickCheck quick = quickCheck(body, options);
        QCOMPARE(quick.events.size(), 1);
        QCOMPARE(quick.events.at(0).name, "Purchase");
        QCOMPARE(quick.events.at(0).id, "purchase_100042");
        QCOMPARE(quick.events.at(0).time, 1767225600);
        QCOMPARE(quick.testEventCode.value_or("-"), "TEST12345");
    }

    void refusesWhatTheValidatorRejects()
    {
        // Fixtures with errors, and app events (left to the full rules) are never proven.
        for (const char *name : {"raw-pii-milliseconds.json", "app-purchase.json", "sdk-style-batch.json"}) {
            bool proven = true;
            QCOMPARE(unsound(fixture(QString::fromLatin1(name)), &proven), QString());
            QVERIFY2(!proven, name);
        }
    }

    void structuralMutations()
    {
        int cases = 0;
        int proven = 0;
        quint64 seed = 70070;
        for (const char *name : Fixtures) {
            const QJsonObject base = QJsonDocument::fromJson(fixture(QString::fromLatin1(name))).object();
            QVERIFY2(!base.isEmpty(), name);
            for (int n = 0; n < 600; ++n) {
                QJsonObject request = base;
                Rng rng(seed++);
                for (int m = 1 + int(rng.below(3)); m > 0; --m)
                    request = capiqa::test::mutated(request, rng, true).toObject();
                for (auto format : {QJsonDocument::Compact, QJsonDocument::Indented}) {
                    bool ok = false;
                    const QByteArray body = QJsonDocument(request).toJson(format);
                    const QString problem = unsound(body, &ok);
                    QVERIFY2(problem.isEmpty(), qPrintable(u"%1 #%2: %3\n%4"_s.arg(QString::fromLatin1(name)).arg(n).arg(
                                                    problem, QString::fromUtf8(body))));
                    ++cases;
                    proven += ok;
                }
            }
        }
        // Most mutations break a rule, but a good share keep the request valid: those must be proven.
        QVERIFY2(proven > cases / 20, qPrintable(u"%1 of %2 proven"_s.arg(proven).arg(cases)));
    }

    void byteDamage()
    {
        static const char Bytes[] = {'"', '\\', '{', '}', '[', ']', ',', ':', ' ', '0', '9', '-', '.', 'e', 'E', '+', 'n',
                                     'u', 'a', 'F', '\0', '\x01', '\x1f', '\x7f', '\x80', '\xbf', '\xc3', '\xe2', '\xed',
                                     '\xf0', '\xf5', '\xff', '\t', '\n', '/', 'x'};
        const QByteArray bases[] = {
            websiteBody(),
            QJsonDocument::fromJson(websiteBody()).toJson(QJsonDocument::Compact),
            "{\"data\":[{\"event_name\":\"Lead\",\"event_time\":1767225600,\"action_source\":\"email\",\"user_data\":{\"em\":\"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4\",\"external_id\":[1,\"a\\\"b\"]},\"custom_data\":{\"note\":\"caf\\u00e9 \\u2603\",\"value\":-1.5e3,\"currency\":\"usd\"}}],\"test_event_code\":\"T1\"}"_ba,
        };
        int cases = 0;
        int proven = 0;
        Rng rng(4242);
        for (const QByteArray &base : bases) {
            bool ok = false;
            QCOMPARE(unsound(base, &ok), QString());
            QVERIFY(ok);
            for (int n = 0; n < 3000; ++n) {
                QByteArray body = base;
                for (int m = 1 + int(rng.below(2)); m > 0 && !body.isEmpty(); --m) {
                    const qsizetype at = qsizetype(rng.below(size_t(body.size())));
                    const char byte = Bytes[rng.below(std::size(Bytes))];
                    switch (rng.below(4)) {
                    case 0: body[at] = byte; break;
                    case 1: body.insert(at, byte); break;
                    case 2: body.remove(at, 1 + qsizetype(rng.below(3))); break;
                    default: body.truncate(at); break;
                    }
                }
                const QString problem = unsound(body, &ok);
                QVERIFY2(problem.isEmpty(), qPrintable(problem + u'\n' + QString::fromUtf8(body.toPercentEncoding(" {}[]:,\""))));
                ++cases;
                proven += ok;
            }
        }
        QVERIFY2(proven > cases / 50, qPrintable(u"%1 of %2 proven"_s.arg(proven).arg(cases)));
    }

    void edgeCases_data()
    {
        QTest::addColumn<QByteArray>("eventMembers");
        QTest::addColumn<bool>("proven");
        // An ordinary event is {"event_name":"Lead",TIME,SOURCE,UD} plus the members in the row.
        QTest::newRow("ordinary") << QByteArray() << true;
        QTest::newRow("spaces everywhere") << " , \"event_id\" :\t\"x\" \r\n"_ba << true;
        QTest::newRow("escapes where they do not matter") << ",\"custom_data\":{\"content_name\":\"a\\\"b\\\\c\\/d\\u00e9\"}"_ba << true;
        QTest::newRow("unicode text") << ",\"custom_data\":{\"content_name\":\"Caf\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x98\x80\"}"_ba << true;
        QTest::newRow("lowercase currency") << ",\"custom_data\":{\"value\":1e2,\"currency\":\"eur\"}"_ba << true;
        QTest::newRow("null extras") << ",\"custom_data\":null,\"event_id\":null"_ba << true;
        QTest::newRow("duplicate event_id key") << ",\"event_id\":\"a\",\"event_id\":\"b\""_ba << false;
        QTest::newRow("duplicate unknown key") << ",\"x\":1,\"x\":2"_ba << true;
        QTest::newRow("escaped key") << ",\"event\\u005fid\":\"a\""_ba << false;
        QTest::newRow("escaped event_id") << ",\"event_id\":\"a\\nb\""_ba << false;
        QTest::newRow("numeric event_id") << ",\"event_id\":42"_ba << false;
        QTest::newRow("NUL escape") << ",\"x\":\"\\u0000\""_ba << false;
        QTest::newRow("lone surrogate") << ",\"x\":\"\\ud800\""_ba << false;
        QTest::newRow("bad escape") << ",\"x\":\"\\q\""_ba << false;
        QTest::newRow("raw control character") << ",\"x\":\"a\x01\""_ba << false;
        QTest::newRow("overlong UTF-8") << ",\"x\":\"\xc0\xaf\""_ba << false;
        QTest::newRow("UTF-8 surrogate") << ",\"x\":\"\xed\xa0\x80\""_ba << false;
        QTest::newRow("truncated UTF-8") << ",\"x\":\"\xe2\x98\""_ba << false;
        QTest::newRow("leading zero") << ",\"x\":01"_ba << false;
        QTest::newRow("huge exponent") << ",\"x\":1e400"_ba << false;
        QTest::newRow("bare minus") << ",\"x\":-"_ba << false;
        QTest::newRow("trailing comma") << ",\"x\":1,"_ba << false;
        QTest::newRow("deep nesting") << (",\"x\":" + QByteArray(100, '[') + QByteArray(100, ']')) << false;
        QTest::newRow("purchase without value") << ",\"event_name\":\"Purchase\""_ba << false;
        QTest::newRow("purchase with value text")
            << ",\"event_name\":\"Purchase\",\"custom_data\":{\"value\":\"9.99\",\"currency\":\"USD\"}"_ba << false;
        QTest::newRow("unknown currency") << ",\"custom_data\":{\"currency\":\"XYZ\"}"_ba << false;
        QTest::newRow("contents quantity text") << ",\"custom_data\":{\"contents\":[{\"id\":\"a\",\"quantity\":\"2\"}]}"_ba << false;
        QTest::newRow("content_ids null entry") << ",\"custom_data\":{\"content_ids\":[null]}"_ba << false;
        QTest::newRow("app_data skipped for website") << ",\"app_data\":{\"x\":1}"_ba << true;
    }

    void edgeCases()
    {
        QFETCH(QByteArray, eventMembers);
        QFETCH(bool, proven);
        // Members given twice (e.g. event_name) override nothing: a duplicate is not proven.
        const QByteArray event = "{\"event_time\":1767225600,\"action_source\":\"website\",\"event_source_url\":\"https://x.example/\","_ba
                                 "\"user_data\":{\"em\":\"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4\","_ba
                                 "\"client_user_agent\":\"Mozilla/5.0\"}"_ba
            + (eventMembers.contains("\"event_name\"") ? QByteArray() : ",\"event_name\":\"Lead\""_ba) + eventMembers
            + '}';
        const QByteArray body = "{\"data\":["_ba + event + "],\"test_event_code\":\"T\"}"_ba;
        bool ok = false;
        const QString problem = unsound(body, &ok);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(ok, proven);
    }

    void requestShapes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("proven");
        const QByteArray event = "{\"event_name\":\"Lead\",\"event_time\":1767225600,\"action_source\":\"email\",\"user_data\":{\"external_id\":\"c1\"}}"_ba;
        QTest::newRow("one event") << "{\"data\":[" + event + "]}" << true;
        QTest::newRow("token in body") << "{\"access_token\":\"tok\",\"data\":[" + event + "]}" << true;
        QTest::newRow("escaped token") << "{\"access_token\":\"t\\/k\",\"data\":[" + event + "]}" << false;
        QTest::newRow("numeric test code") << "{\"test_event_code\":5,\"data\":[" + event + "]}" << false;
        QTest::newRow("no data") << "{\"test_event_code\":\"T\"}"_ba << false;
        QTest::newRow("empty data") << "{\"data\":[]}"_ba << false;
        QTest::newRow("data twice") << "{\"data\":[" + event + "],\"data\":[" + event + "]}" << false;
        QTest::newRow("entry not an object") << "{\"data\":[" + event + ",1]}" << false;
        QTest::newRow("garbage after") << "{\"data\":[" + event + "]}x" << false;
        QTest::newRow("a list") << "[" + event + "]" << false;
        QTest::newRow("empty") << QByteArray() << false;
        QByteArray thousand = "{\"data\":[" + event;
        for (int i = 1; i < 1000; ++i)
            thousand += ',' + event;
        QTest::newRow("1000 events") << thousand + "]}" << true;
        QTest::newRow("1001 events") << thousand + ',' + event + "]}" << false;
    }

    void requestShapes()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, proven);
        bool ok = false;
        const QString problem = unsound(body, &ok);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(ok, proven);
    }

    void eventTimeWindow()
    {
        // The reference time decides: the same body is proven an hour after the event and not
        // eight days after (too old) or when the event is two minutes ahead (future).
        const QByteArray body = "{\"data\":[{\"event_name\":\"Lead\",\"event_time\":1767225600,\"action_source\":\"email\",\"user_data\":{\"external_id\":\"c1\"}}]}"_ba;
        auto provenAt = [&](qint64 now) {
            ValidationOptions options;
            options.now = now;
            return quickCheck(body, options).proven;
        };
        QVERIFY(provenAt(1767225600 + 3600));
        QVERIFY(provenAt(1767225600 + 7 * 86400));
        QVERIFY(!provenAt(1767225600 + 7 * 86400 + 1));
        QVERIFY(provenAt(1767225600 - 60));
        QVERIFY(!provenAt(1767225600 - 61));
    }
};

QTEST_GUILESS_MAIN(TestQuickCheck)
#include "tst_quickcheck.moc"

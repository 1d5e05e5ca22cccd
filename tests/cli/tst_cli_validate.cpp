// capiqa-cli validate, end to end through the built executable, over tests/data/validate.
#include "cliprocess.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>

using namespace Qt::StringLiterals;

namespace {

// The fixtures' events happened one hour before this (see tests/data/validate/README.md).
const QString Now = u"1767229200"_s;

QString fixture(const char *name)
{
    return QStringLiteral(CAPIQA_TEST_DATA "/validate/") + QString::fromLatin1(name);
}

QJsonDocument parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << "not JSON:" << json.left(400);
    return doc;
}

// "rule @ path" for every finding of one file's JSON result.
QStringList rulesAt(const QJsonObject &result)
{
    QStringList list;
    for (const QJsonValue &f : result.value(u"findings"_s).toArray())
        list << f[u"rule"_s].toString() + u" @ "_s + f[u"path"_s].toString();
    return list;
}

} // namespace

class TestCliValidate : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void cleanFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("website") << fixture("website-purchase-clean.json");
        QTest::newRow("app") << fixture("app-purchase.json");
    }
    void cleanFiles()
    {
        QFETCH(QString, file);
        const CliRun r = runCli({u"validate"_s, u"--now"_s, Now, file});
        QVERIFY2(r.exitCode == 0, r.out.constData());
        QVERIFY2(r.out.contains("0 errors, 0 warnings, 0 hints"), r.out.constData());
        QVERIFY(r.err.isEmpty());
    }

    void rawPiiAsJson()
    {
        const CliRun r = runCli({u"validate"_s, u"--now"_s, Now, u"--format"_s, u"json"_s, fixture("raw-pii-milliseconds.json")});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject result = parse(r.out).object(); // one file: one object
        QVERIFY(result.value(u"file"_s).toString().endsWith(u"raw-pii-milliseconds.json"_s));
        QVERIFY(result.value(u"summary"_s)[u"errors"_s].toInt() > 0);
        const QStringList found = rulesAt(result);
        for (const QString &expected : {u"event_time.milliseconds @ data[0].event_time"_s,
                                        u"user_data.raw_pii @ data[0].user_data.em[0]"_s,
                                        u"user_data.raw_pii @ data[0].user_data.ph[0]"_s,
                                        u"user_data.raw_pii @ data[0].user_data.fn"_s,
                                        u"event_name.wrong_case @ data[1].event_name"_s})
            QVERIFY2(found.contains(expected), qPrintable(expected + u" not in "_s + found.join(u"; "_s)));
        const QJsonObject first = result.value(u"findings"_s).toArray().at(0).toObject();
        for (const QString &key : {u"severity"_s, u"rule"_s, u"path"_s, u"message"_s, u"fix"_s})
            QVERIFY2(first.contains(key), qPrintable(key));
    }

    void rawPiiAsText()
    {
        const CliRun r = runCli({u"validate"_s, u"--now"_s, Now, fixture("raw-pii-milliseconds.json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains("ERROR"));
        QVERIFY(r.out.contains("[event_time.milliseconds]"));
        QVERIFY(r.out.contains("data[0].user_data.em[0]"));
    }

    void invalidJson()
    {
        const QString path = m_dir.filePath(u"broken.json"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\n  \"data\": [\n    {\"event_name\": \"Lead\" \"event_time\": 1}\n  ]\n}\n");
        file.close();
        const CliRun r = runCli({u"validate"_s, u"--now"_s, Now, u"--format"_s, u"json"_s, path});
        QCOMPARE(r.exitCode, 1);
        const QJsonArray findings = parse(r.out).object().value(u"findings"_s).toArray();
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.at(0)[u"rule"_s].toString(), u"request.invalid_json"_s);
        QVERIFY2(findings.at(0)[u"message"_s].toString().contains(u"line 3, column "_s),
                 qPrintable(findings.at(0)[u"message"_s].toString()));
    }

    void standardInput()
    {
        QFile file(fixture("website-purchase-clean.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const CliRun r = runCli({u"validate"_s, u"--now"_s, Now, u"-"_s}, file.readAll());
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("<stdin>: 0 errors"));
    }

    // Several files: a JSON array with one result each, in order; any error makes the exit 1.
    void multipleFiles()
    {
        const CliRun r = runCli({u"validate"_s, u"--now"_s, Now, u"--format"_s, u"json"_s, fixture("website-purchase-clean.json"),
                                 fixture("sdk-style-batch.json")});
        QCOMPARE(r.exitCode, 1);
        const QJsonArray results = parse(r.out).array();
        QCOMPARE(results.size(), 2);
        QVERIFY(results.at(0)[u"file"_s].toString().endsWith(u"website-purchase-clean.json"_s));
        QCOMPARE(results.at(0)[u"summary"_s][u"errors"_s].toInt(), 0);
        const QStringList batch = rulesAt(results.at(1).toObject());
        QVERIFY2(batch.contains(u"event_time.too_old @ data[1].event_time"_s), qPrintable(batch.join(u"; "_s)));
        QVERIFY2(batch.contains(u"request.access_token_in_body @ access_token"_s), qPrintable(batch.join(u"; "_s)));
        QVERIFY2(batch.contains(u"event_id.duplicate @ data[2].event_id"_s), qPrintable(batch.join(u"; "_s)));

        const CliRun clean = runCli({u"validate"_s, u"--now"_s, Now, fixture("website-purchase-clean.json"), fixture("app-purchase.json")});
        QCOMPARE(clean.exitCode, 0);
        QCOMPARE(clean.out.count("0 errors, 0 warnings, 0 hints"), 2);
    }

    // The --now reference decides the age checks: without it the fixtures are months old.
    void referenceTimeMatters()
    {
        const CliRun r = runCli({u"validate"_s, u"--now"_s, u"1769904000"_s, fixture("website-purchase-clean.json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains("event_time.too_old"));
    }

    void missingFile()
    {
        const CliRun r = runCli({u"validate"_s, u"--now"_s, Now, u"/nonexistent/request.json"_s, fixture("website-purchase-clean.json")});
        QCOMPARE(r.exitCode, 4);
        QVERIFY(r.err.contains("/nonexistent/request.json"));
        QVERIFY(r.out.contains("website-purchase-clean.json: 0 errors")); // the readable file is still checked
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString clean = fixture("website-purchase-clean.json");
        QTest::newRow("bad now") << QStringList{u"validate"_s, u"--now"_s, u"yesterday"_s, clean} << u"--now takes Unix seconds"_s;
        QTest::newRow("negative now") << QStringList{u"validate"_s, u"--now"_s, u"-5"_s, clean} << u"--now"_s;
        QTest::newRow("bad format") << QStringList{u"validate"_s, u"--format"_s, u"xml"_s, clean} << u"unknown format"_s;
        QTest::newRow("no file") << QStringList{u"validate"_s} << u"at least one FILE"_s;
        QTest::newRow("bad option") << QStringList{u"validate"_s, u"--frobnicate"_s, clean} << u"frobnicate"_s;
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliRun r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliValidate)
#include "tst_cli_validate.moc"

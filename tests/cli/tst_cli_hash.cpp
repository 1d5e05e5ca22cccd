// capiqa-cli hash, end to end through the built executable.
#include "cliprocess.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryFile>

using namespace Qt::StringLiterals;

namespace {
QJsonObject parseLine(const QByteArray &line)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << "not JSON:" << line;
    return doc.object();
}

const QMap<QString, QString> &implementationOfProfile()
{
    static const QMap<QString, QString> map{{u"meta"_s, u"param_builder"_s},
                                            {u"node-sdk"_s, u"node_sdk"_s},
                                            {u"python-sdk"_s, u"python_sdk"_s},
                                            {u"php-sdk"_s, u"php_sdk"_s}};
    return map;
}
} // namespace

class TestCliHash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void singleValueJson()
    {
        const CliRun r = runCli({u"hash"_s, u"--profile"_s, u"node-sdk"_s, u"--format"_s, u"json"_s, u"--field"_s, u"em"_s,
                                 u"  JOHN@EXAMPLE.COM  "_s});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = parseLine(r.lines().value(0));
        QCOMPARE(o.value(u"status"_s).toString(), u"hashed"_s);
        QCOMPARE(o.value(u"normalized"_s).toString(), u"john@example.com"_s);
        QCOMPARE(o.value(u"sha256"_s).toString(), u"855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"_s);
        QCOMPARE(o.value(u"sent"_s).toString(), o.value(u"sha256"_s).toString());
        QVERIFY(o.value(u"error"_s).isNull());
        const QStringList keys{u"field"_s, u"value"_s, u"profile"_s, u"status"_s, u"normalized"_s, u"sha256"_s, u"sent"_s, u"error"_s};
        QCOMPARE(o.keys().size(), keys.size());
        for (const QString &k : keys)
            QVERIFY2(o.contains(k), qPrintable(k));
    }

    void singleValueText()
    {
        const CliRun r = runCli({u"hash"_s, u"--profile"_s, u"all"_s, u"--field"_s, u"ph"_s, u"650.555.1212"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("node-sdk"));
        QVERIFY(r.out.contains("DISAGREE"));
    }

    // Every reference vector through `--input - --profile all`: statuses, sent values and the
    // agreement verdict all match what the four official implementations did.
    void allVectorsThroughStdin()
    {
        QFile file(QStringLiteral(CAPIQA_TEST_DATA "/pii-vectors.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray vectors = QJsonDocument::fromJson(file.readAll()).array();
        QByteArray input;
        for (const QJsonValue &v : vectors) {
            const QJsonObject o = v.toObject();
            input += QJsonDocument(QJsonObject{{u"field"_s, o.value(u"field"_s)}, {u"value"_s, o.value(u"input"_s)}})
                         .toJson(QJsonDocument::Compact)
                     + '\n';
        }
        const CliRun r = runCli({u"hash"_s, u"--profile"_s, u"all"_s, u"--input"_s, u"-"_s}, input);
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.lines();
        QCOMPARE(lines.size(), vectors.size() * 4);
        int mismatches = 0;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QJsonObject got = parseLine(lines.at(i));
            const QJsonObject vector = vectors.at(i / 4).toObject();
            const QJsonObject expected = vector.value(implementationOfProfile().value(got.value(u"profile"_s).toString())).toObject();
            QCOMPARE(got.value(u"value"_s).toString(), vector.value(u"input"_s).toString());
            const bool same = got.value(u"status"_s) == expected.value(u"status"_s)
                && got.value(u"all_agree"_s).toBool() == vector.value(u"all_agree"_s).toBool();
            if (!same && ++mismatches <= 5)
                qWarning() << vector.value(u"id"_s).toString() << got << expected;
        }
        QCOMPARE(mismatches, 0);
    }

    void badLinesAreReportedAndSkipped()
    {
        QByteArray input = "{\"field\":\"em\",\"value\":\"a@b.com\"}\n"
                           "{not json\n"
                           "{\"field\":\"shoe_size\",\"value\":\"9\"}\n"
                           "{\"field\":\"ph\",\"value\":12345}\n"
                           "[1,2]\n";
        const char junk[] = "\x00\x01\xff\xfe junk\n\n";
        input.append(junk, sizeof junk - 1); // binary junk, NUL included, then a blank line
        input += "{\"field\":\"fn\",\"value\":\"" + QByteArray(2 * 1024 * 1024, 'a') + "\"}\n";
        input += "{\"field\":\"ln\",\"value\":\"Doe\"}";
        const CliRun r = runCli({u"hash"_s, u"--profile"_s, u"node-sdk"_s, u"--input"_s, u"-"_s}, input);
        QCOMPARE(r.exitCode, 3);
        const QList<QByteArray> lines = r.lines();
        QCOMPARE(lines.size(), 8); // every line but the blank one answers, in order
        QCOMPARE(parseLine(lines.at(0)).value(u"status"_s).toString(), u"hashed"_s);
        const QStringList expectedErrors{u"line 2: not valid JSON"_s, u"line 3: unknown field \"shoe_size\""_s,
                                         u"line 4: \"value\" must be a string"_s, u"line 5: expected a JSON object"_s,
                                         u"line 6: not valid JSON"_s, u"line 8: line of"_s};
        for (int i = 0; i < expectedErrors.size(); ++i) {
            const QJsonObject o = parseLine(lines.at(i + 1));
            QCOMPARE(o.value(u"status"_s).toString(), u"invalid-input"_s);
            QVERIFY2(o.value(u"error"_s).toString().startsWith(expectedErrors.at(i)), qPrintable(o.value(u"error"_s).toString()));
            QVERIFY(r.err.contains(expectedErrors.at(i).toUtf8()));
        }
        const QJsonObject last = parseLine(lines.at(7));
        QCOMPARE(last.value(u"normalized"_s).toString(), u"doe"_s);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no mode") << QStringList{u"hash"_s} << u"either --field"_s;
        QTest::newRow("both modes") << QStringList{u"hash"_s, u"--field"_s, u"em"_s, u"--input"_s, u"x"_s, u"v"_s} << u"either --field"_s;
        QTest::newRow("bad profile") << QStringList{u"hash"_s, u"--profile"_s, u"ruby"_s, u"--field"_s, u"em"_s, u"v"_s}
                                     << u"unknown profile"_s;
        QTest::newRow("bad field") << QStringList{u"hash"_s, u"--field"_s, u"shoe"_s, u"v"_s} << u"unknown field"_s;
        QTest::newRow("no value") << QStringList{u"hash"_s, u"--field"_s, u"em"_s} << u"exactly one VALUE"_s;
        QTest::newRow("bad option") << QStringList{u"hash"_s, u"--frobnicate"_s} << u"frobnicate"_s;
        QTest::newRow("bad command") << QStringList{u"frob"_s} << u"unknown command"_s;
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliRun r = runCli(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
    }

    void missingFile()
    {
        const CliRun r = runCli({u"hash"_s, u"--input"_s, u"/nonexistent/capiqa.jsonl"_s});
        QCOMPARE(r.exitCode, 4);
        QVERIFY(r.err.contains("/nonexistent/capiqa.jsonl"));
    }

    void helpListsExitCodes()
    {
        const CliRun r = runCli({u"--help"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Exit codes"));
        QVERIFY(r.out.contains("hash"));
    }
};

QTEST_GUILESS_MAIN(TestCliHash)
#include "tst_cli_hash.moc"

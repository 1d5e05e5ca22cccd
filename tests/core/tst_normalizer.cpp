// Byte parity of capiqa's four normaliser profiles with Meta's official implementations, row by
// row over the reference vectors in tests/data (see tests/data/README.md for their origin).
#include "pii/piiprocessor.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using namespace capiqa::pii;

class TestNormalizer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void meta_data() { addRows("param_builder"); }
    void meta() { check(Profile::Meta); }
    void nodeSdk_data() { addRows("node_sdk"); }
    void nodeSdk() { check(Profile::NodeSdk); }
    void pythonSdk_data() { addRows("python_sdk"); }
    void pythonSdk() { check(Profile::PythonSdk); }
    void phpSdk_data() { addRows("php_sdk"); }
    void phpSdk() { check(Profile::PhpSdk); }

    void batchReusesResult();

private:
    void addRows(const char *implementation);
    void check(Profile profile);

    QJsonArray m_vectors;
};

void TestNormalizer::initTestCase()
{
    QFile file(QStringLiteral(CAPIQA_TEST_DATA "/pii-vectors.json"));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    m_vectors = doc.array();
    QVERIFY(m_vectors.size() >= 200);
}

void TestNormalizer::addRows(const char *implementation)
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("normalized");
    QTest::addColumn<QString>("sha256");

    const QString impl = QString::fromLatin1(implementation);
    for (const QJsonValue &row : std::as_const(m_vectors)) {
        const QJsonObject v = row.toObject();
        const QJsonObject expected = v.value(impl).toObject();
        QTest::newRow(qPrintable(v.value(QLatin1String("id")).toString()))
            << v.value(QLatin1String("field")).toString() << v.value(QLatin1String("input")).toString()
            << expected.value(QLatin1String("status")).toString()
            << expected.value(QLatin1String("normalized")).toString()
            << expected.value(QLatin1String("sha256")).toString();
    }
}

void TestNormalizer::check(Profile profile)
{
    QFETCH(QString, field);
    QFETCH(QString, input);
    QFETCH(QString, status);
    QFETCH(QString, normalized);
    QFETCH(QString, sha256);

    const auto f = fieldFromKey(field);
    QVERIFY(f);
    const PiiResult r = PiiProcessor::run(profile, *f, input);
    QCOMPARE(QString::fromUtf8(statusWord(r.status)), status);
    QCOMPARE(QString::fromStdString(r.normalized), normalized);
    QCOMPARE(QString::fromStdString(r.sha256), sha256);
    if (r.status == Status::Rejected)
        QVERIFY2(!r.error.empty(), "a rejection carries the implementation's message");
}

void TestNormalizer::batchReusesResult()
{
    PiiProcessor processor(Profile::NodeSdk);
    const PiiResult &a = processor.process(Field::Em, "  JOHN@EXAMPLE.COM ");
    QCOMPARE(QByteArray::fromStdString(a.sha256), QByteArray("855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4"));
    const PiiResult &b = processor.process(Field::ExternalId, "User_1");
    QCOMPARE(&a, &b);
    QCOMPARE(statusWord(b.status), std::string_view("sent-unhashed"));
    QCOMPARE(QByteArray::fromStdString(b.sent), QByteArray("User_1"));
}

QTEST_GUILESS_MAIN(TestNormalizer)
#include "tst_normalizer.moc"

// Byte parity of capiqa's four normaliser profiles with Meta's official implementations, row by
// row over the reference vectors in tests/data (see tests/data/README.md for their origin), plus
// the generated extra vectors of the two JavaScript implementations.
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

    void meta_data() { addRows(m_vectors, "param_builder"); }
    void meta() { check(Profile::Meta); }
    void nodeSdk_data() { addRows(m_vectors, "node_sdk"); }
    void nodeSdk() { check(Profile::NodeSdk); }
    void pythonSdk_data() { addRows(m_vectors, "python_sdk"); }
    void pythonSdk() { check(Profile::PythonSdk); }
    void phpSdk_data() { addRows(m_vectors, "php_sdk"); }
    void phpSdk() { check(Profile::PhpSdk); }

    // pii-vectors-js-extra.json (tests/data/gen/gen-js-vectors.js): the JS implementations only,
    // and their error messages are compared too.
    void metaExtra_data() { addRows(m_extraJs, "param_builder", ErrorText::Exact); }
    void metaExtra() { check(Profile::Meta); }
    void nodeSdkExtra_data() { addRows(m_extraJs, "node_sdk", ErrorText::Exact); }
    void nodeSdkExtra() { check(Profile::NodeSdk); }

    // pii-vectors-pyphp-extra.json (see tests/data/README.md): the Python and PHP SDKs only,
    // error messages included.
    void pythonSdkExtra_data() { addRows(m_extraPyPhp, "python_sdk", ErrorText::Exact); }
    void pythonSdkExtra() { check(Profile::PythonSdk); }
    void phpSdkExtra_data() { addRows(m_extraPyPhp, "php_sdk", ErrorText::Exact); }
    void phpSdkExtra() { check(Profile::PhpSdk); }

    void invalidUtf8IsReplacementCharacter();
    void batchReusesResult();

private:
    enum class ErrorText { Present, Exact };
    static QJsonArray load(const QString &fileName);
    void addRows(const QJsonArray &vectors, const char *implementation, ErrorText errorText = ErrorText::Present);
    void check(Profile profile);

    QJsonArray m_vectors;
    QJsonArray m_extraJs;
    QJsonArray m_extraPyPhp;
};

QJsonArray TestNormalizer::load(const QString &fileName)
{
    QFile file(QStringLiteral(CAPIQA_TEST_DATA "/") + fileName);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("%s: %s", qPrintable(fileName), qPrintable(file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("%s: %s", qPrintable(fileName), qPrintable(error.errorString()));
    return doc.array();
}

void TestNormalizer::initTestCase()
{
    m_vectors = load(QStringLiteral("pii-vectors.json"));
    QVERIFY(m_vectors.size() >= 200);
    m_extraJs = load(QStringLiteral("pii-vectors-js-extra.json"));
    QVERIFY(m_extraJs.size() >= 1000);
    m_extraPyPhp = load(QStringLiteral("pii-vectors-pyphp-extra.json"));
    QVERIFY(m_extraPyPhp.size() >= 100);
}

void TestNormalizer::addRows(const QJsonArray &vectors, const char *implementation, ErrorText errorText)
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("normalized");
    QTest::addColumn<QString>("sha256");
    QTest::addColumn<QString>("error"); // empty: only "some message" is required

    const QString impl = QString::fromLatin1(implementation);
    for (const QJsonValue &row : vectors) {
        const QJsonObject v = row.toObject();
        if (!v.contains(impl)) // a file may cover only some implementations
            continue;
        const QJsonObject expected = v.value(impl).toObject();
        QTest::newRow(qPrintable(v.value(QLatin1String("id")).toString()))
            << v.value(QLatin1String("field")).toString() << v.value(QLatin1String("input")).toString()
            << expected.value(QLatin1String("status")).toString()
            << expected.value(QLatin1String("normalized")).toString()
            << expected.value(QLatin1String("sha256")).toString()
            << (errorText == ErrorText::Exact ? expected.value(QLatin1String("error")).toString() : QString());
    }
}

void TestNormalizer::check(Profile profile)
{
    QFETCH(QString, field);
    QFETCH(QString, input);
    QFETCH(QString, status);
    QFETCH(QString, normalized);
    QFETCH(QString, sha256);
    QFETCH(QString, error);

    const auto f = fieldFromKey(field);
    QVERIFY(f);
    const PiiResult r = PiiProcessor::run(profile, *f, input);
    QCOMPARE(QString::fromUtf8(statusWord(r.status)), status);
    // Compared as bytes: QString::fromUtf8() would drop a leading U+FEFF.
    QCOMPARE(QByteArray::fromStdString(r.normalized), normalized.toUtf8());
    QCOMPARE(QByteArray::fromStdString(r.sha256), sha256.toUtf8());
    if (r.status == Status::Rejected)
        QVERIFY2(!r.error.empty(), "a rejection carries the implementation's message");
    if (!error.isEmpty())
        QCOMPARE(QString::fromStdString(r.error), error);
}

void TestNormalizer::invalidUtf8IsReplacementCharacter()
{
    // What Node's Buffer decoding makes of the bytes: one U+FFFD per maximal invalid subpart.
    const std::string invalid = "J\xFFo\xE2\x82h\xED\xA0\x80n\xF0\x9F\x98";
    const std::string replaced = "J\uFFFDo\uFFFDh\uFFFD\uFFFD\uFFFDn\uFFFD";
    for (const Profile profile : {Profile::Meta, Profile::NodeSdk}) {
        for (const Field field : AllFields) {
            PiiProcessor processor(profile);
            const PiiResult bad = processor.process(field, invalid);
            PiiProcessor reference(profile);
            const PiiResult good = reference.process(field, replaced);
            QCOMPARE(statusWord(bad.status), statusWord(good.status));
            QCOMPARE(bad.normalized, good.normalized);
            QCOMPARE(bad.sent, good.sent);
        }
    }
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

#include "pii/sha256.h"

#include <QtTest/QTest>

using capiqa::pii::Sha256;

class TestSha256 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void knownDigests_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("hex");
        QTest::newRow("empty") << QByteArray() << QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        QTest::newRow("123") << QByteArray("123") << QByteArray("a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3");
        QTest::newRow("email") << QByteArray("john@example.com")
                               << QByteArray("855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4");
        QTest::newRow("utf8") << QByteArray("jos\xc3\xa9") << QByteArray("d994e1d001886fe5b45b1267bd1fa2b752ac50742579bd3dad7b2a2aa0ed6866");
    }
    void knownDigests()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, hex);
        QCOMPARE(Sha256::hex(input), hex);
    }
    void hmac()
    {
        // RFC 4231 test case 2.
        QCOMPARE(Sha256::hmacHex("Jefe", "what do ya want for nothing?"),
                 QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
    }
    void hexCheck()
    {
        QVERIFY(capiqa::pii::isHex("0123456789abcdefABCDEF0123456789", 32));
        QVERIFY(!capiqa::pii::isHex("0123456789abcdefABCDEF012345678g", 32));
        QVERIFY(!capiqa::pii::isHex("abc", 32));
    }
};

QTEST_GUILESS_MAIN(TestSha256)
#include "tst_sha256.moc"

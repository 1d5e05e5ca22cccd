// capiqa::buildinfo: the version rule (release number + git describe) and the library versions
// the About dialog and --version show.
#include "buildinfo.h"

#include <QtCore/QRegularExpression>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
namespace buildinfo = capiqa::buildinfo;

class TestBuildInfo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void formatVersion_data()
    {
        QTest::addColumn<QString>("describe");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not a git checkout") << QString() << u"1.2.3"_s;
        QTest::newRow("on the release tag") << u"v1.2.3"_s << u"1.2.3"_s;
        QTest::newRow("on a bare release tag") << u"1.2.3"_s << u"1.2.3"_s;
        QTest::newRow("after the tag") << u"v1.2.3-4-gabc1234"_s << u"1.2.3 (git v1.2.3-4-gabc1234)"_s;
        QTest::newRow("tag with changes") << u"v1.2.3-dirty"_s << u"1.2.3 (git v1.2.3-dirty)"_s;
        QTest::newRow("no tag yet") << u"abc1234"_s << u"1.2.3 (git abc1234)"_s;
        QTest::newRow("no tag, changes") << u"abc1234-dirty"_s << u"1.2.3 (git abc1234-dirty)"_s;
        QTest::newRow("another release's tag") << u"v1.2.2-9-gdef5678"_s << u"1.2.3 (git v1.2.2-9-gdef5678)"_s;
    }

    void formatVersion()
    {
        QFETCH(QString, describe);
        QFETCH(QString, expected);
        QCOMPARE(buildinfo::formatVersion(u"1.2.3"_s, describe), expected);
    }

    void thisBuild()
    {
        QVERIFY2(QRegularExpression(u"^\\d+\\.\\d+\\.\\d+$"_s).match(buildinfo::version()).hasMatch(),
                 qPrintable(buildinfo::version()));
        QCOMPARE(buildinfo::fullVersion(), buildinfo::formatVersion(buildinfo::version(), buildinfo::gitDescribe()));
        QCOMPARE(buildinfo::qtRuntimeVersion(), QString::fromLatin1(qVersion()));
        QCOMPARE(buildinfo::qtBuildVersion(), QStringLiteral(QT_VERSION_STR));
        // capiqa needs OpenSSL 3 (CMake asks for >= 3.0); both numbers are plain "3.x.y".
        const QRegularExpression openssl(u"^3\\.\\d+\\.\\d+"_s);
        QVERIFY2(openssl.match(buildinfo::opensslVersion()).hasMatch(), qPrintable(buildinfo::opensslVersion()));
        QVERIFY2(openssl.match(buildinfo::opensslBuildVersion()).hasMatch(), qPrintable(buildinfo::opensslBuildVersion()));
        QVERIFY(buildinfo::homepage().startsWith(u"https://"_s));
        QVERIFY(!buildinfo::licenseId().isEmpty());
        QVERIFY(buildinfo::appId().count(u'.') >= 2);
    }
};

QTEST_GUILESS_MAIN(TestBuildInfo)
#include "tst_buildinfo.moc"

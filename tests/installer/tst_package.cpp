// The Debian package, end to end: cpack builds it from this build tree, dpkg-deb unpacks it into
// a temporary root, and the test checks its control fields and file list, renders every icon size,
// and runs the unpacked capiqa-cli (--version, hash, replay --list, dedup) and capiqa (offscreen,
// for a second).
// Skipped where dpkg-deb is missing (not a Debian-like system).
#include "buildinfo.h"
#include "toolrun.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QDir>
#include <QtCore/QDirIterator>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtGui/QImage>
#include <QtTest/QTest>

#include <memory>

using namespace Qt::StringLiterals;
namespace buildinfo = capiqa::buildinfo;

namespace {

const QList<int> IconSizes{16, 22, 24, 32, 48, 64, 128, 256, 512};

// An environment in which the unpacked programs cannot touch the user's settings or data.
QProcessEnvironment sandboxEnvironment(const QString &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, home);
    env.insert(u"XDG_CONFIG_HOME"_s, home + u"/.config"_s);
    env.insert(u"XDG_DATA_HOME"_s, home + u"/.local/share"_s);
    env.insert(u"XDG_CACHE_HOME"_s, home + u"/.cache"_s);
    env.insert(u"CAPIQA_SETTINGS"_s, home + u"/capiqa-test.ini"_s);
    env.remove(u"CAPIQA_ACCESS_TOKEN"_s);
    env.remove(u"CAPIQA_APP_SECRET"_s);
    return env;
}

} // namespace

class TestPackage : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_deb;
    QString m_root;
    QString m_home;

    QString rootPath(const QString &relative) const { return m_root + u'/' + relative; }

private Q_SLOTS:
    void initTestCase()
    {
        const QString dpkgDeb = QStandardPaths::findExecutable(u"dpkg-deb"_s);
        if (dpkgDeb.isEmpty())
            QSKIP("dpkg-deb not found: the Debian package test runs only where dpkg is installed (Debian, Ubuntu)");
        QVERIFY2(QFile::exists(QStringLiteral(CAPIQA_CPACK_CONFIG)), "CPackConfig.cmake missing: configure the build first");

        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        const QString out = m_dir->filePath(u"out"_s);
        // The package goes to a temporary directory (-B), never into the build tree.
        const ToolRun cpack = runTool(QStringLiteral(CAPIQA_CPACK),
                                      {u"-G"_s, u"DEB"_s, u"--config"_s, QStringLiteral(CAPIQA_CPACK_CONFIG), u"-B"_s, out},
                                      QProcessEnvironment::systemEnvironment(), {}, 480000);
        QVERIFY2(cpack.exitCode == 0, QByteArray("cpack failed (is the whole project built?): " + cpack.describe()).constData());

        const QStringList debs = QDir(out).entryList({u"*.deb"_s}, QDir::Files);
        QCOMPARE(debs.size(), 1);
        m_deb = out + u'/' + debs.constFirst();
        const QRegularExpression name(u"^capiqa_"_s + QRegularExpression::escape(buildinfo::version())
                                      + u"_[a-z0-9]+\\.deb$"_s);
        QVERIFY2(name.match(debs.constFirst()).hasMatch(), qPrintable(debs.constFirst()));

        m_root = m_dir->filePath(u"root"_s);
        const ToolRun unpack = runTool(dpkgDeb, {u"-x"_s, m_deb, m_root});
        QVERIFY2(unpack.exitCode == 0, unpack.describe().constData());
        m_home = m_dir->filePath(u"home"_s);
        QVERIFY(QDir().mkpath(m_home));
    }

    void controlFields()
    {
        const auto field = [this](const QString &name) {
            return QString::fromUtf8(runTool(u"dpkg-deb"_s, {u"-f"_s, m_deb, name}).out).trimmed();
        };
        QCOMPARE(field(u"Package"_s), u"capiqa"_s);
        QCOMPARE(field(u"Version"_s), buildinfo::version());
        QCOMPARE(field(u"Section"_s), u"devel"_s);
        QCOMPARE(field(u"Homepage"_s), buildinfo::homepage());
        QVERIFY2(QRegularExpression(u"^.+ <[^@ ]+@[^@ ]+>$"_s).match(field(u"Maintainer"_s)).hasMatch(),
                 qPrintable(field(u"Maintainer"_s)));
        QVERIFY(field(u"Description"_s).contains(u"Conversions API"_s));
        QVERIFY2(!field(u"Description"_s).contains(u'&'), "the description is XML-escaped");
        // dpkg-shlibdeps derived these from the binaries; the plugins (SVG icons, the SQLite driver
        // of the run history) are declared by hand.
        const QString depends = field(u"Depends"_s);
        for (const QString &library : {u"libqt6core6"_s, u"libqt6widgets6"_s, u"libqt6network6"_s, u"libssl3"_s,
                                       u"libqt6keychain1"_s, u"libqt6svg6"_s, u"libqt6charts6"_s, u"libqt6sql6"_s,
                                       u"libqt6sql6-sqlite"_s, u"zlib1g"_s}) {
            QVERIFY2(depends.contains(library), qPrintable(library + u" missing from Depends: "_s + depends));
        }
    }

    void fileList()
    {
        const QString appId = buildinfo::appId();
        QStringList expected{
            u"usr/bin/capiqa"_s,
            u"usr/bin/capiqa-cli"_s,
            u"usr/share/applications/"_s + appId + u".desktop"_s,
            u"usr/share/metainfo/"_s + appId + u".metainfo.xml"_s,
            u"usr/share/icons/hicolor/scalable/apps/"_s + appId + u".svg"_s,
            u"usr/share/man/man1/capiqa.1.gz"_s,
            u"usr/share/man/man1/capiqa-cli.1.gz"_s,
            u"usr/share/bash-completion/completions/capiqa-cli"_s,
            u"usr/share/doc/capiqa/copyright"_s,
        };
        for (int size : IconSizes)
            expected << u"usr/share/icons/hicolor/%1x%1/apps/%2.png"_s.arg(size).arg(appId);

        QStringList actual;
        QDirIterator it(m_root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            actual << QDir(m_root).relativeFilePath(it.next());
        for (const QString &file : expected)
            QVERIFY2(actual.contains(file), qPrintable(file + u" is not in the package"_s));
        // Nothing from the build tree leaks in: no libraries, headers, tests or benchmarks.
        for (const QString &file : actual) {
            QVERIFY2(file.startsWith(u"usr/share/"_s) || file == u"usr/bin/capiqa"_s || file == u"usr/bin/capiqa-cli"_s,
                     qPrintable(file + u" should not be in the package"_s));
        }
        QVERIFY(QFileInfo(rootPath(u"usr/bin/capiqa-cli"_s)).isExecutable());
        QVERIFY(QFileInfo(rootPath(u"usr/bin/capiqa"_s)).isExecutable());
    }

    // The installed tree as a software centre sees it: metainfo, its .desktop file and the icons.
    void appstreamTreeValidates()
    {
        const QString appstreamcli = QStandardPaths::findExecutable(u"appstreamcli"_s);
        if (appstreamcli.isEmpty())
            QSKIP("appstreamcli not found: install appstream (scripts/deps.sh test)");
        const ToolRun run = runTool(appstreamcli, {u"validate-tree"_s, u"--no-net"_s, m_root});
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        QVERIFY2(!run.reportsErrorsOrWarnings(), run.describe().constData());
    }

    void iconsHaveTheirSize()
    {
        for (int size : IconSizes) {
            const QString path = rootPath(u"usr/share/icons/hicolor/%1x%1/apps/%2.png"_s.arg(size).arg(buildinfo::appId()));
            const QImage image(path);
            QVERIFY2(!image.isNull(), qPrintable(path));
            QCOMPARE(image.size(), QSize(size, size));
            // The SVG's rounded square is opaque in the middle and transparent in the corners.
            QCOMPARE(qAlpha(image.pixel(size / 2, size / 2)), 255);
            QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
        }
    }

    void unpackedCliRuns()
    {
        const QString cli = rootPath(u"usr/bin/capiqa-cli"_s);
        const QProcessEnvironment env = sandboxEnvironment(m_home);
        const ToolRun version = runTool(cli, {u"--version"_s}, env);
        QVERIFY2(version.exitCode == 0, version.describe().constData());
        QCOMPARE(QString::fromUtf8(version.out), u"capiqa-cli "_s + buildinfo::fullVersion() + u'\n');

        const ToolRun hash = runTool(cli, {u"hash"_s, u"--profile"_s, u"node-sdk"_s, u"--format"_s, u"json"_s,
                                           u"--field"_s, u"em"_s, u"  John.Smith@Example.COM "_s}, env);
        QVERIFY2(hash.exitCode == 0, hash.describe().constData());
        const QJsonObject line = QJsonDocument::fromJson(hash.out.trimmed()).object();
        QCOMPARE(line.value("status"_L1).toString(), u"hashed"_s);
        QCOMPARE(line.value("normalized"_L1).toString(), u"john.smith@example.com"_s);
        const QByteArray sha = QCryptographicHash::hash("john.smith@example.com", QCryptographicHash::Sha256).toHex();
        QCOMPARE(line.value("sha256"_L1).toString().toLatin1(), sha);
        QCOMPARE(line.value("sent"_L1).toString().toLatin1(), sha);
    }

    // The subcommands that need more than the core: replay opens its SQLite run history (the
    // driver plugin the package depends on), dedup reads a capture and writes its report.
    void unpackedCliReplaysAndDedups()
    {
        const QString cli = rootPath(u"usr/bin/capiqa-cli"_s);
        QProcessEnvironment env = sandboxEnvironment(m_home);
        const QString runsDb = m_home + u"/runs-test.sqlite"_s;
        env.insert(u"CAPIQA_RUNS_DB"_s, runsDb);
        const ToolRun list = runTool(cli, {u"replay"_s, u"--list"_s}, env);
        QVERIFY2(list.exitCode == 0, list.describe().constData());
        QVERIFY2(list.out.startsWith("run "), list.describe().constData());
        QVERIFY(QFileInfo(runsDb).size() > 0);

        const QString csv = m_home + u"/server.csv"_s;
        QFile file(csv);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("pixel_id,event_name,event_id,event_time\n1234567890,Purchase,ord-1,1767225600\n");
        file.close();
        const ToolRun dedup = runTool(cli, {u"dedup"_s, u"--server"_s, csv, u"--format"_s, u"csv"_s}, env);
        QVERIFY2(dedup.exitCode == 0, dedup.describe().constData());
        const QList<QByteArray> rows = dedup.out.trimmed().split('\n');
        QCOMPARE(rows.size(), 2);
        QVERIFY2(rows.at(1).startsWith("server_only,counted,server,1234567890,Purchase,ord-1,"), rows.at(1).constData());
    }

    void unpackedAppStartsOffscreen()
    {
        const QString app = rootPath(u"usr/bin/capiqa"_s);
        QProcessEnvironment env = sandboxEnvironment(m_home);
        // --version must work without any display at all.
        env.remove(u"DISPLAY"_s);
        env.remove(u"WAYLAND_DISPLAY"_s);
        env.remove(u"QT_QPA_PLATFORM"_s);
        const ToolRun version = runTool(app, {u"--version"_s}, env);
        QVERIFY2(version.exitCode == 0, version.describe().constData());
        QCOMPARE(QString::fromUtf8(version.out), u"capiqa "_s + buildinfo::fullVersion() + u'\n');

        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        const ToolRun run = runTool(app, {u"--quit-after-ms"_s, u"1000"_s}, env, {}, 60000);
        QVERIFY2(!run.crashed && run.exitCode == 0, run.describe().constData());
    }
};

QTEST_GUILESS_MAIN(TestPackage)
#include "tst_package.moc"

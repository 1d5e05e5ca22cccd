// The files installer/ installs beside the binaries: the .desktop entry and AppStream metainfo
// pass their validators, the man pages render without warnings and, like the bash completion,
// cover every command and option that `capiqa-cli --help` lists. Tools that are missing
// (desktop-file-validate, appstreamcli, man, bash) skip their test with the package to install.
#include "buildinfo.h"
#include "toolrun.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

const QString InstallerSource = QStringLiteral(CAPIQA_INSTALLER_SOURCE);
const QString InstallerBinary = QStringLiteral(CAPIQA_INSTALLER_BINARY);

QString readText(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

// The commands of `capiqa-cli --help`: the indented words under "Commands:".
QStringList cliCommands()
{
    const ToolRun run = runTool(QStringLiteral(CAPIQA_CLI), {u"--help"_s});
    QStringList commands;
    bool inCommands = false;
    for (const QString &line : QString::fromUtf8(run.out).split(u'\n')) {
        if (line == u"Commands:"_s) {
            inCommands = true;
            continue;
        }
        if (!inCommands)
            continue;
        static const QRegularExpression entry(u"^  ([a-z][a-z-]*)  "_s);
        const QRegularExpressionMatch m = entry.match(line);
        if (!m.hasMatch())
            break;
        commands << m.captured(1);
    }
    return commands;
}

QString cliHelp(const QString &command)
{
    return QString::fromUtf8(runTool(QStringLiteral(CAPIQA_CLI), {command, u"--help"_s}).out);
}

// The long options of `capiqa-cli <command> --help`, without --help and --help-all.
QStringList cliOptions(const QString &command)
{
    QStringList options;
    static const QRegularExpression option(u"^  (?:-\\w, )?--([a-z][a-z-]*)"_s);
    for (const QString &line : cliHelp(command).split(u'\n')) {
        const QRegularExpressionMatch m = option.match(line);
        if (m.hasMatch() && m.captured(1) != u"help"_s && m.captured(1) != u"help-all"_s)
            options << m.captured(1);
    }
    return options;
}

// What the completion function offers for the words typed so far (the last one is completed).
QStringList complete(const QStringList &words, const QString &workDir = {})
{
    QString script = u"source \"$1\"; COMP_WORDS=("_s;
    for (const QString &w : words)
        script += u" '"_s + QString(w).replace(u"'"_s, u"'\\''"_s) + u'\'';
    script += u"); COMP_CWORD=%1; _capiqa_cli; printf '%s\\n' \"${COMPREPLY[@]}\""_s.arg(words.size() - 1);
    const ToolRun run = runTool(u"bash"_s, {u"-c"_s, script, u"bash"_s, InstallerSource + u"/capiqa-cli.bash"_s},
                                QProcessEnvironment::systemEnvironment(), workDir);
    QStringList offered = QString::fromUtf8(run.out).split(u'\n', Qt::SkipEmptyParts);
    offered.sort();
    return offered;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

class TestInstallFiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(QStringLiteral(CAPIQA_CLI)), CAPIQA_CLI " is not built");
        QVERIFY(cliCommands().size() >= 5);
    }

    void desktopEntryValidates()
    {
        if (!CAPIQA_HAS_GUI)
            QSKIP("built without the GUI (CAPIQA_BUILD_GUI=OFF): no desktop entry");
        const QString path = InstallerSource + u'/' + capiqa::buildinfo::appId() + u".desktop"_s;
        const QString text = readText(path);
        QVERIFY2(!text.isEmpty(), qPrintable(path));
        QVERIFY(text.contains(u"\nExec=capiqa\n"_s));
        QVERIFY(text.contains(u"\nIcon="_s + capiqa::buildinfo::appId() + u'\n'));

        const QString validator = QStandardPaths::findExecutable(u"desktop-file-validate"_s);
        if (validator.isEmpty())
            QSKIP("desktop-file-validate not found: install desktop-file-utils (scripts/deps.sh test)");
        const ToolRun run = runTool(validator, {path});
        QVERIFY2(run.exitCode == 0 && run.out.trimmed().isEmpty() && run.err.trimmed().isEmpty(), run.describe().constData());
    }

    void metainfoValidates()
    {
        if (!CAPIQA_HAS_GUI)
            QSKIP("built without the GUI (CAPIQA_BUILD_GUI=OFF): no AppStream metainfo");
        const QString path = InstallerBinary + u'/' + capiqa::buildinfo::appId() + u".metainfo.xml"_s;
        const QString text = readText(path);
        QVERIFY2(!text.isEmpty(), qPrintable(path));
        QVERIFY2(!text.contains(u'@'), "a @VARIABLE@ was left unconfigured");
        QVERIFY(text.contains(u"<id>"_s + capiqa::buildinfo::appId() + u"</id>"_s));
        QVERIFY(text.contains(u"<release version=\""_s + capiqa::buildinfo::version() + u'"'));
        QVERIFY(text.contains(u"<project_license>"_s + capiqa::buildinfo::licenseId() + u"</project_license>"_s));

        const QString validator = QStandardPaths::findExecutable(u"appstreamcli"_s);
        if (validator.isEmpty())
            QSKIP("appstreamcli not found: install appstream (scripts/deps.sh test)");
        const ToolRun run = runTool(validator, {u"validate"_s, u"--no-net"_s, path});
        QVERIFY2(run.exitCode == 0, run.describe().constData());
        QVERIFY2(!run.reportsErrorsOrWarnings(), run.describe().constData());
    }

    void manPagesRenderWithoutWarnings_data()
    {
        QTest::addColumn<QString>("page");
        QTest::newRow("capiqa-cli.1") << u"capiqa-cli.1"_s;
        if (CAPIQA_HAS_GUI)
            QTest::newRow("capiqa.1") << u"capiqa.1"_s;
    }

    void manPagesRenderWithoutWarnings()
    {
        QFETCH(QString, page);
        const QString path = InstallerBinary + u"/man/"_s + page;
        const QString source = readText(path);
        QVERIFY2(!source.isEmpty(), qPrintable(path));
        QVERIFY2(source.contains(u"\"capiqa "_s + capiqa::buildinfo::version() + u'"'), "the .TH line lacks the version");
        QVERIFY2(!QRegularExpression(u"@[A-Z_]+@"_s).match(source).hasMatch(), "a @VARIABLE@ was left unconfigured");

        const QString man = QStandardPaths::findExecutable(u"man"_s);
        if (man.isEmpty())
            QSKIP("man not found: install man-db (scripts/deps.sh test)");
        for (const char *width : {"80", "120"}) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(u"MANWIDTH"_s, QString::fromLatin1(width));
            env.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
            const ToolRun run = runTool(man, {u"--warnings=all"_s, u"-l"_s, path}, env);
            QVERIFY2(run.exitCode == 0 && run.err.isEmpty(), run.describe().constData());
            QVERIFY(run.out.contains("capiqa"));
        }
    }

    // Every command and option of `capiqa-cli --help` has its entry in the man page's section.
    void manPageDocumentsEveryOption()
    {
        const QString page = readText(InstallerSource + u"/capiqa-cli.1"_s);
        QVERIFY(!page.isEmpty());
        const QStringList sections = page.split(u"\n.S"_s); // .SS and .SH headings
        for (const QString &command : cliCommands()) {
            const auto it = std::find_if(sections.cbegin(), sections.cend(),
                                         [&](const QString &s) { return s.startsWith(u"S "_s + command + u' '); });
            QVERIFY2(it != sections.cend(), qPrintable(u"no .SS section for "_s + command));
            QVERIFY2(page.contains(u".B "_s + command + u'\n'), qPrintable(command + u" missing from SYNOPSIS"_s));
            for (const QString &option : cliOptions(command)) {
                const QString escaped = u"\\-\\-"_s + QString(option).replace(u"-"_s, u"\\-"_s);
                static const QRegularExpression entry(u"^\\.(?:B|BI|BR) "_s, QRegularExpression::MultilineOption);
                bool found = false;
                for (const QString &line : it->split(u'\n'))
                    found = found || (entry.match(line).hasMatch() && line.contains(escaped));
                QVERIFY2(found, qPrintable(u"capiqa-cli.1 documents no "_s + command + u" --"_s + option));
            }
        }
    }

    // Every CAPIQA_* variable a command's --help names has its entry under ENVIRONMENT.
    void manPageDocumentsEveryVariable()
    {
        const QString page = readText(InstallerSource + u"/capiqa-cli.1"_s);
        const qsizetype from = page.indexOf(u"\n.SH ENVIRONMENT\n"_s);
        QVERIFY(from >= 0);
        const QString environment = page.mid(from, page.indexOf(u"\n.SH "_s, from + 1) - from);
        static const QRegularExpression variable(u"\\bCAPIQA_[A-Z_]+\\b"_s);
        QSet<QString> named;
        for (const QString &command : cliCommands()) {
            for (const QRegularExpressionMatch &m : variable.globalMatch(cliHelp(command)))
                named.insert(m.captured());
        }
        QVERIFY(named.contains(u"CAPIQA_RUNS_DB"_s)); // replay --help names it
        for (const QString &name : std::as_const(named))
            QVERIFY2(environment.contains(u"\n.B "_s + name + u'\n'), qPrintable(name + u" is not under ENVIRONMENT"_s));
    }

    void completionOffersCommandsAndOptions()
    {
        if (QStandardPaths::findExecutable(u"bash"_s).isEmpty())
            QSKIP("bash not found");
        const QStringList commands = cliCommands();
        QCOMPARE(complete({u"capiqa-cli"_s, u""_s}),
                 sorted(commands + QStringList{u"--help"_s, u"--version"_s}));
        for (const QString &command : commands) {
            QStringList expected{u"--help"_s, u"--help-all"_s};
            for (const QString &option : cliOptions(command))
                expected << u"--"_s + option;
            QCOMPARE(complete({u"capiqa-cli"_s, command, u"--"_s}), sorted(expected));
        }
    }

    void completionOffersValuesAndFiles()
    {
        if (QStandardPaths::findExecutable(u"bash"_s).isEmpty())
            QSKIP("bash not found");
        QCOMPARE(complete({u"capiqa-cli"_s, u"hash"_s, u"--profile"_s, u""_s}),
                 sorted({u"all"_s, u"meta"_s, u"node-sdk"_s, u"php-sdk"_s, u"python-sdk"_s}));
        QCOMPARE(complete({u"capiqa-cli"_s, u"build"_s, u"--profile"_s, u"p"_s}), sorted({u"php-sdk"_s, u"python-sdk"_s}));
        QCOMPARE(complete({u"capiqa-cli"_s, u"hash"_s, u"--field"_s, u"c"_s}), sorted({u"country"_s, u"ct"_s}));
        // --format=j: bash splits the word at "=".
        QCOMPARE(complete({u"capiqa-cli"_s, u"validate"_s, u"--format"_s, u"="_s, u"j"_s}), QStringList{u"json"_s});
        QCOMPARE(complete({u"capiqa-cli"_s, u"send"_s, u"--pixel"_s, u""_s}), QStringList{});
        QCOMPARE(complete({u"capiqa-cli"_s, u"dedup"_s, u"--format"_s, u""_s}), sorted({u"csv"_s, u"html"_s, u"json"_s}));
        QCOMPARE(complete({u"capiqa-cli"_s, u"replay"_s, u"--normalizer"_s, u"n"_s}), QStringList{u"node-sdk"_s});
        QCOMPARE(complete({u"capiqa-cli"_s, u"replay"_s, u"--users"_s, u""_s}), QStringList{});

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        for (const QString &name : {u"events.json"_s, u"events two.jsonl"_s, u"other.txt"_s}) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        QCOMPARE(complete({u"capiqa-cli"_s, u"send"_s, u"ev"_s}, dir.path()),
                 sorted({u"events.json"_s, u"events two.jsonl"_s}));
        QCOMPARE(complete({u"capiqa-cli"_s, u"hash"_s, u"--input"_s, u"o"_s}, dir.path()), QStringList{u"other.txt"_s});
        QCOMPARE(complete({u"capiqa-cli"_s, u"serve"_s, u"ev"_s}, dir.path()), QStringList{}); // serve takes no file
        QCOMPARE(complete({u"capiqa-cli"_s, u"replay"_s, u"--identities"_s, u"o"_s}, dir.path()), QStringList{u"other.txt"_s});
        // dedup: files only where --browser or --server takes them, several in a row.
        QCOMPARE(complete({u"capiqa-cli"_s, u"dedup"_s, u"ev"_s}, dir.path()), QStringList{});
        QCOMPARE(complete({u"capiqa-cli"_s, u"dedup"_s, u"--browser"_s, u"events.json"_s, u"o"_s}, dir.path()),
                 QStringList{u"other.txt"_s});
        QCOMPARE(complete({u"capiqa-cli"_s, u"dedup"_s, u"--server"_s, u"other.txt"_s, u"--window"_s, u"2d"_s, u"o"_s}, dir.path()),
                 QStringList{});
    }
};

QTEST_GUILESS_MAIN(TestInstallFiles)
#include "tst_installfiles.moc"

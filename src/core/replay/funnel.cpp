#include "funnel.h"

#include "funnelexpander.h"
#include "jsonlocate.h"
#include "templatetext.h"

#include "event/requestbuilder.h"
#include "io/json.h"
#include "validate/validator.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QSet>

#include <cmath>

using namespace Qt::StringLiterals;

namespace capiqa::replay {

namespace {

constexpr qsizetype MaxErrors = 50;
const QLatin1StringView FormatTag{"capiqa-funnel"};

QString joinPath(const QString &base, const QString &sub)
{
    if (base.isEmpty())
        return sub;
    if (sub.isEmpty())
        return base;
    return sub.startsWith(u'[') ? QString(base + sub) : QString(base + u'.' + sub);
}

bool isWholeNumber(const QJsonValue &v)
{
    return v.isDouble() && std::trunc(v.toDouble()) == v.toDouble() && std::fabs(v.toDouble()) < 9.0e15;
}

// Reads one funnel file into a Funnel, collecting every problem with its position.
class Loader
{
public:
    Loader(const QByteArray &bytes, const QString &name, const QString &baseDir, const FunnelLoadOptions &options)
        : m_bytes(bytes)
        , m_name(name)
        , m_baseDir(baseDir)
        , m_options(options)
    {
        m_funnel.path = name;
        m_funnel.sha256 = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
    }

    FunnelLoad run()
    {
        if (readSteps() && m_result.errors.isEmpty()) {
            loadIdentities();
            checkTemplates();
            if (m_result.errors.isEmpty())
                dryRun();
        }
        if (m_result.errors.isEmpty())
            m_result.funnel = m_funnel;
        return m_result;
    }

private:
    // "FILE: line L, column C: path: message" for a value of a step (or of the file).
    void error(const FunnelStep *step, const QString &subPath, const QString &message)
    {
        if (m_result.errors.size() > MaxErrors)
            return;
        if (m_result.errors.size() == MaxErrors) {
            m_result.errors << m_name + u": more problems not shown"_s;
            return;
        }
        m_result.errors << located(step, subPath, message);
    }

    QString located(const FunnelStep *step, const QString &subPath, const QString &message) const
    {
        const QString path = joinPath(step ? step->path : QString(), subPath);
        QString where;
        if (step && m_funnel.format == FunnelFormat::JsonLines) {
            const qsizetype index = step - m_funnel.steps.constData();
            where = jsonPathPosition(lineText(index), subPath, step->line);
        } else {
            where = jsonPathPosition(m_bytes, path);
        }
        return u"%1: %2: %3%4"_s.arg(m_name, where, path.isEmpty() ? QString() : path + u": "_s, message);
    }

    QByteArray lineText(qsizetype stepIndex) const
    {
        const auto [start, length] = m_lineSpans.at(stepIndex);
        return m_bytes.mid(start, length);
    }

    bool readSteps()
    {
        if (m_bytes.size() > Funnel::MaxFileBytes) {
            m_result.errors << m_name + u": larger than 64 MiB; a funnel holds steps, the users come from --users"_s;
            return false;
        }
        if (m_bytes.startsWith("\xFF\xFE") || m_bytes.startsWith("\xFE\xFF")) {
            m_result.errors << m_name + u": UTF-16 text; save it as UTF-8"_s;
            return false;
        }
        if (const qsizetype nul = m_bytes.indexOf('\0'); nul >= 0) {
            m_result.errors << m_name + u": "_s + io::lineAndColumn(m_bytes, nul) + u": binary data, not JSON text (a NUL byte)"_s;
            return false;
        }
        if (m_bytes.trimmed().isEmpty()) {
            m_result.errors << m_name + u": empty; expected a funnel {\"format\":\"capiqa-funnel\",…} or JSON Lines of events"_s;
            return false;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = io::parseJson(m_bytes, &parseError);
        if (parseError.error == QJsonParseError::NoError) {
            if (doc.isObject() && (doc.object().contains("steps"_L1) || doc.object().contains("format"_L1)))
                return readFunnelV1(doc.object());
            return readRequest(doc);
        }
        // Not one document. JSON Lines if the first line is an object on its own.
        const qsizetype firstBreak = m_bytes.indexOf('\n');
        QJsonParseError lineError;
        const QByteArray first = m_bytes.left(firstBreak < 0 ? m_bytes.size() : firstBreak).trimmed();
        if (firstBreak < 0 || !io::parseJson(first, &lineError).isObject()) {
            m_result.errors << m_name + u": "_s + io::lineAndColumn(m_bytes, parseError.offset) + u": "_s + parseError.errorString();
            return false;
        }
        return readJsonLines();
    }

    bool readFunnelV1(const QJsonObject &root)
    {
        m_funnel.format = FunnelFormat::FunnelV1;
        static const QSet<QString> keys{u"$schema"_s, u"format"_s, u"version"_s, u"name"_s, u"description"_s,
                                        u"variables"_s, u"identities"_s, u"steps"_s, u"recorded_at_ms"_s};
        for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
            if (!keys.contains(it.key()))
                error(nullptr, it.key(), u"unknown key (a funnel has format, version, name, description, variables, identities, steps, recorded_at_ms)"_s);
        }
        if (root.value("format"_L1).toString() != FormatTag)
            error(nullptr, u"format"_s, u"must be \"capiqa-funnel\""_s);
        const QJsonValue version = root.value("version"_L1);
        if (!isWholeNumber(version))
            error(nullptr, u"version"_s, u"must be the number 1"_s);
        else if (version.toInteger() > Funnel::FormatVersion)
            error(nullptr, u"version"_s, u"version %1 was written by a newer capiqa; this one reads version 1"_s.arg(version.toInteger()));
        else if (version.toInteger() != Funnel::FormatVersion)
            error(nullptr, u"version"_s, u"must be the number 1"_s);
        m_funnel.name = textMember(root, u"name"_s);
        m_funnel.description = textMember(root, u"description"_s);
        readVariables(root.value("variables"_L1));
        const QJsonValue identities = root.value("identities"_L1);
        if (identities.isString())
            m_identities = identities.toString();
        else if (!identities.isUndefined())
            error(nullptr, u"identities"_s, u"must be the path of a CSV file (relative to the funnel), e.g. \"users.csv\""_s);

        const QJsonValue steps = root.value("steps"_L1);
        if (!steps.isArray() || steps.toArray().isEmpty()) {
            error(nullptr, u"steps"_s, u"must be a non-empty array of steps {\"offset_ms\": 0, \"event\": {…}}"_s);
            return false;
        }
        const QJsonArray list = steps.toArray();
        if (list.size() > Funnel::MaxSteps) {
            error(nullptr, u"steps"_s, u"more than %1 steps"_s.arg(Funnel::MaxSteps));
            return false;
        }
        static const QSet<QString> stepKeys{u"offset_ms"_s, u"event"_s, u"name"_s, u"description"_s};
        qint64 previous = 0;
        for (qsizetype i = 0; i < list.size(); ++i) {
            FunnelStep step;
            step.path = u"steps[%1]"_s.arg(i);
            if (!list.at(i).isObject()) {
                error(&step, {}, u"must be an object {\"offset_ms\": 0, \"event\": {…}}"_s);
                continue;
            }
            const QJsonObject o = list.at(i).toObject();
            for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
                if (!stepKeys.contains(it.key()))
                    error(&step, it.key(), u"unknown key (a step has offset_ms, event, name, description)"_s);
            }
            const QJsonValue offset = o.value("offset_ms"_L1);
            if (offset.isUndefined()) {
                step.offsetMs = previous;
            } else if (!isWholeNumber(offset) || offset.toInteger() < 0) {
                error(&step, u"offset_ms"_s, u"must be a whole number of milliseconds ≥ 0"_s);
            } else if (offset.toInteger() < previous) {
                error(&step, u"offset_ms"_s, u"%1 is earlier than the step before (%2); steps are in time order"_s
                                                 .arg(offset.toInteger()).arg(previous));
            } else {
                step.offsetMs = offset.toInteger();
            }
            previous = std::max(previous, step.offsetMs);
            if (!o.value("event"_L1).isObject()) {
                error(&step, o.contains("event"_L1) ? u"event"_s : QString(), u"needs \"event\": a server event object"_s);
                continue;
            }
            step.event = o.value("event"_L1).toObject();
            step.path += u".event"_s;
            m_funnel.steps << step;
        }
        return true;
    }

    QString textMember(const QJsonObject &root, const QString &key)
    {
        const QJsonValue v = root.value(key);
        if (!v.isString() && !v.isUndefined())
            error(nullptr, key, u"must be text"_s);
        return v.toString();
    }

    void readVariables(const QJsonValue &value)
    {
        if (value.isUndefined())
            return;
        if (!value.isObject()) {
            error(nullptr, u"variables"_s, u"must be an object {\"name\": \"value\", …}"_s);
            return;
        }
        const QStringList builtins = builtinTemplateNames();
        QJsonObject vars = value.toObject();
        for (auto it = m_options.variables.constBegin(); it != m_options.variables.constEnd(); ++it)
            vars.insert(it.key(), it.value());
        for (auto it = vars.constBegin(); it != vars.constEnd(); ++it) {
            const QString path = u"variables."_s + it.key();
            bool nameOk = true;
            const QString syntax = forEachPlaceholder(QString(u"{{"_s + it.key() + u"}}"_s), [](QStringView, qsizetype) {});
            if (!syntax.isEmpty() || it.key().contains(u'.')) {
                error(nullptr, path, u"\"%1\" is not a variable name (letters, digits and _)"_s.arg(it.key()));
                nameOk = false;
            } else if (builtins.contains(it.key())) {
                error(nullptr, path, u"\"%1\" is a built-in template name (%2)"_s.arg(it.key(), builtins.join(u", "_s)));
                nameOk = false;
            }
            if (nameOk && !it.value().isString() && !it.value().isDouble() && !it.value().isBool())
                error(nullptr, path, u"must be text, a number or true/false"_s);
        }
        m_funnel.variables = vars;
    }

    bool readRequest(const QJsonDocument &doc)
    {
        m_funnel.format = FunnelFormat::Request;
        QJsonArray events;
        QString prefix;
        if (doc.isArray()) {
            events = doc.array();
        } else if (doc.object().contains("data"_L1)) {
            if (!doc.object().value("data"_L1).isArray()) {
                error(nullptr, u"data"_s, u"must be an array of events"_s);
                return false;
            }
            events = doc.object().value("data"_L1).toArray();
            prefix = u"data"_s;
        } else if (doc.isObject()) {
            events = QJsonArray{doc.object()};
        }
        if (events.isEmpty()) {
            error(nullptr, prefix, u"holds no events"_s);
            return false;
        }
        readVariables(QJsonObject());
        for (qsizetype i = 0; i < events.size(); ++i) {
            FunnelStep step;
            step.path = doc.isObject() && prefix.isEmpty() ? QString() : prefix + u'[' + QString::number(i) + u']';
            if (!events.at(i).isObject()) {
                error(&step, {}, u"must be an event object"_s);
                continue;
            }
            step.event = events.at(i).toObject();
            m_funnel.steps << step;
        }
        spaceByEventTime();
        return true;
    }

    bool readJsonLines()
    {
        m_funnel.format = FunnelFormat::JsonLines;
        readVariables(QJsonObject());
        qsizetype start = 0;
        qint64 line = 0;
        while (start < m_bytes.size()) {
            qsizetype end = m_bytes.indexOf('\n', start);
            if (end < 0)
                end = m_bytes.size();
            ++line;
            QByteArray text = m_bytes.mid(start, end - start);
            if (text.endsWith('\r'))
                text.chop(1);
            const qsizetype lineStart = start;
            start = end + 1;
            if (text.trimmed().isEmpty())
                continue;
            QJsonParseError parseError;
            const QJsonDocument doc = io::parseJson(text, &parseError);
            const auto fail = [&](qsizetype offset, const QString &message) {
                if (m_result.errors.size() < MaxErrors)
                    m_result.errors << u"%1: line %2, column %3: %4"_s.arg(m_name).arg(line)
                                           .arg(QString::fromUtf8(text.left(offset)).size() + 1).arg(message);
            };
            if (parseError.error != QJsonParseError::NoError) {
                fail(parseError.offset, parseError.errorString());
                continue;
            }
            if (!doc.isObject()) {
                fail(0, u"expected one event object per line"_s);
                continue;
            }
            if (m_funnel.steps.size() >= Funnel::MaxSteps) {
                fail(0, u"more than %1 events"_s.arg(Funnel::MaxSteps));
                return false;
            }
            FunnelStep step;
            step.line = line;
            step.event = doc.object();
            m_funnel.steps << step;
            m_lineSpans.append({lineStart, text.size()});
        }
        spaceByEventTime();
        return true;
    }

    // A recording keeps its original spacing: offsets from numeric event_time (seconds).
    void spaceByEventTime()
    {
        std::optional<double> first;
        qint64 previous = 0;
        for (FunnelStep &step : m_funnel.steps) {
            const QJsonValue t = step.event.value("event_time"_L1);
            if (!t.isDouble())
                continue;
            if (!first)
                first = t.toDouble();
            step.offsetMs = std::max(previous, qint64(std::llround((t.toDouble() - *first) * 1000.0)));
            previous = step.offsetMs;
        }
    }

    void loadIdentities()
    {
        QString path = m_options.identitiesPath;
        if (path.isEmpty() && !m_identities.isEmpty())
            path = QFileInfo(m_identities).isAbsolute() ? m_identities : QDir(m_baseDir).filePath(m_identities);
        if (path.isEmpty())
            return;
        QStringList problems;
        m_funnel.identities = readIdentities(path, &problems);
        m_result.errors << problems;
        if (problems.isEmpty() && !m_funnel.identities.columns.isEmpty()) {
            const bool anyKey = std::any_of(m_funnel.identities.columns.cbegin(), m_funnel.identities.columns.cend(),
                                            [](const QString &c) { return !IdentityTable::userDataKey(c).isEmpty(); });
            if (!anyKey)
                m_result.warnings << u"%1: no column is a user_data key (email, phone, first_name, … or em, ph, fn, …); "
                                     "the columns are only available as {{user.COLUMN}}"_s.arg(path);
        }
    }

    void checkTemplates()
    {
        QStringList known = builtinTemplateNames() + m_funnel.variables.keys();
        for (const QString &column : m_funnel.identities.columns)
            known << u"user."_s + column;
        for (const FunnelStep &step : std::as_const(m_funnel.steps)) {
            forEachPlaceholderIn(
                step.event, QString(),
                [&](const QString &path, QStringView name) {
                    if (known.contains(name.toString()))
                        return;
                    const QString sub = path.startsWith(u'.') ? path.mid(1) : path;
                    if (name.startsWith(u"user.") && m_funnel.identities.columns.isEmpty())
                        error(&step, sub, u"{{%1}} needs an identities CSV (\"identities\" in the funnel, or --identities)"_s.arg(name));
                    else
                        error(&step, sub, u"unknown template variable {{%1}} (known: %2)"_s.arg(name, known.join(u", "_s)));
                },
                [&](const QString &path, const QString &why) { error(&step, path.startsWith(u'.') ? path.mid(1) : path, why); });
        }
    }

    // Builds the first user's events and one event per CSV row, as a send would, so that wrong
    // types and rejected values are reported now, with their place, instead of as rejections.
    void dryRun()
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        FunnelExpander expander(m_funnel, {.seed = 0, .rewriteEventTime = true, .regenerateIds = false, .mergeIdentities = false});
        event::RequestBuilder builder(m_options.normalizer);
        builder.setDiagnosticsEnabled(false);
        QJsonArray built;
        for (int i = 0; i < expander.stepCount(); ++i) {
            const FunnelStep &step = m_funnel.steps.at(i);
            const QJsonObject ev = expander.event(0, i, now);
            const QJsonValue name = ev.value("event_name"_L1);
            if (!name.isString() || name.toString().trimmed().isEmpty())
                error(&step, ev.contains("event_name"_L1) ? u"event_name"_s : QString(), u"event_name must be non-empty text"_s);
            for (const auto key : {"action_source"_L1, "event_id"_L1, "event_source_url"_L1}) {
                if (ev.contains(key) && !ev.value(key).isString())
                    error(&step, key, u"must be text"_s);
            }
            const event::EventBuildResult r = builder.buildEvent(ev, 0);
            for (const QString &e : r.errors) {
                const qsizetype colon = e.indexOf(u": "_s);
                QString path = colon < 0 ? QString() : e.left(colon);
                path = path.startsWith(u"data[0]"_s) ? path.mid(7) : path;
                error(&step, path.startsWith(u'.') ? path.mid(1) : path, colon < 0 ? e : e.mid(colon + 2));
            }
            if (r.ok())
                built.append(r.event);
            else
                built.append(QJsonObject());
        }
        if (m_result.errors.isEmpty())
            validateBuilt(built, now);
        checkIdentityRows(builder, now);
    }

    // What Meta would reject is a warning: a run may test rejections on purpose.
    void validateBuilt(const QJsonArray &built, qint64 now)
    {
        const auto findings = validate::Validator().validate(QJsonObject{{u"data"_s, built}}, {.now = now});
        for (const validate::Finding &f : findings) {
            if (f.severity != validate::Severity::Error || !f.path.startsWith(u"data["_s))
                continue;
            const qsizetype close = f.path.indexOf(u']');
            const int index = f.path.mid(5, close - 5).toInt();
            if (index < 0 || index >= m_funnel.steps.size())
                continue;
            QString sub = f.path.mid(close + 1);
            m_result.warnings << located(&m_funnel.steps.at(index), sub.startsWith(u'.') ? sub.mid(1) : sub,
                                         u"Meta would reject this event: "_s + f.message);
        }
    }

    void checkIdentityRows(event::RequestBuilder &builder, qint64 now)
    {
        const IdentityTable &table = m_funnel.identities;
        QList<QString> keys;
        for (const QString &column : table.columns)
            keys << IdentityTable::userDataKey(column);
        for (qsizetype row = 0; row < table.rows.size() && m_result.errors.size() < MaxErrors; ++row) {
            QJsonObject userData;
            for (qsizetype c = 0; c < keys.size(); ++c) {
                if (!keys.at(c).isEmpty() && !table.rows.at(row).at(c).isEmpty())
                    userData.insert(keys.at(c), table.rows.at(row).at(c));
            }
            const QJsonObject probe{{u"event_name"_s, u"Lead"_s}, {u"event_time"_s, now},
                                    {u"action_source"_s, u"other"_s}, {u"user_data"_s, userData}};
            for (const QString &e : builder.buildEvent(probe, 0).errors) {
                // "data[0].user_data.em[0]: why" → the column that holds em.
                const qsizetype keyStart = e.indexOf(u"user_data."_s);
                QString column;
                if (keyStart >= 0) {
                    const QString key = e.mid(keyStart + 10).section(u'[', 0, 0).section(u':', 0, 0);
                    column = table.columns.value(keys.indexOf(key));
                }
                const qsizetype colon = e.indexOf(u": "_s);
                m_result.errors << u"%1: line %2: column %3: %4"_s.arg(table.path).arg(table.lines.at(row))
                                       .arg(column.isEmpty() ? u"?"_s : column, colon < 0 ? e : e.mid(colon + 2));
            }
        }
    }

    QByteArray m_bytes;
    QString m_name;
    QString m_baseDir;
    FunnelLoadOptions m_options;
    FunnelLoad m_result;
    Funnel m_funnel;
    QString m_identities; ///< the funnel's own "identities" value
    QList<std::pair<qsizetype, qsizetype>> m_lineSpans; ///< JSON Lines: each step's bytes
};

} // namespace

QString formatName(FunnelFormat format)
{
    switch (format) {
    case FunnelFormat::FunnelV1: return u"funnel-v1"_s;
    case FunnelFormat::JsonLines: return u"jsonl"_s;
    case FunnelFormat::Request: return u"request"_s;
    }
    return {};
}

QStringList builtinTemplateNames()
{
    return {u"uuid"_s, u"seq"_s, u"now"_s, u"order_id"_s, u"user"_s, u"step"_s, u"run"_s};
}

FunnelLoad parseFunnel(const QByteArray &bytes, const QString &name, const QString &baseDir, const FunnelLoadOptions &options)
{
    return Loader(bytes, name, baseDir, options).run();
}

FunnelLoad loadFunnel(const QString &path, const FunnelLoadOptions &options)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        FunnelLoad load;
        load.errors << u"cannot open %1: %2"_s.arg(path, file.errorString());
        return load;
    }
    const QByteArray bytes = file.read(Funnel::MaxFileBytes + 1);
    return parseFunnel(bytes, path, QFileInfo(path).absolutePath(), options);
}

QStringList sharedIdWarnings(const Funnel &funnel, qint64 users)
{
    QStringList warnings;
    if (users <= 1)
        return warnings;
    static const QStringList perUser{u"uuid"_s, u"seq"_s, u"order_id"_s, u"user"_s};
    for (const FunnelStep &step : funnel.steps) {
        const QString id = step.event.value("event_id"_L1).toString();
        bool varies = false;
        forEachPlaceholder(id, [&](QStringView name, qsizetype) {
            varies = varies || perUser.contains(name.toString()) || name.startsWith(u"user.");
        });
        const QString where = step.path.isEmpty() ? u"line %1"_s.arg(step.line) : step.path;
        if (id.isEmpty())
            warnings << u"%1: no event_id; Meta cannot deduplicate these events (--new-ids gives each one)"_s.arg(where);
        else if (!varies)
            warnings << u"%1: event_id \"%2\" is the same for all %3 users; Meta keeps one and drops the rest as duplicates "
                        "(use {{order_id}}, {{uuid}} or {{user}}, or --new-ids)"_s.arg(where, id).arg(users);
    }
    return warnings;
}

} // namespace capiqa::replay

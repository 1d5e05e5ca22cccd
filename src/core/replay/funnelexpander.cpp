#include "funnelexpander.h"

#include "templatetext.h"

#include <QtCore/QCryptographicHash>

using namespace Qt::StringLiterals;

namespace capiqa::replay {

FunnelExpander::FunnelExpander(const Funnel &funnel, const ExpansionOptions &options)
    : m_funnel(funnel)
    , m_options(options)
    , m_runTag(runTag(options.seed))
{
    for (const QString &column : funnel.identities.columns)
        m_identityKeys << IdentityTable::userDataKey(column);
}

QString FunnelExpander::runTag(quint64 seed)
{
    return QString::number(seed & 0xFFFFFF, 16).rightJustified(6, u'0');
}

QString FunnelExpander::derivedUuid(quint64 seed, qint64 user, int step, QStringView purpose)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const QByteArray key = QByteArray::number(seed) + ':' + QByteArray::number(user) + ':' + QByteArray::number(step) + ':'
        + purpose.toUtf8();
    hash.addData(key);
    QByteArray bytes = hash.result().left(16);
    bytes[6] = char((bytes.at(6) & 0x0F) | 0x40); // version 4 layout
    bytes[8] = char((bytes.at(8) & 0x3F) | 0x80); // RFC 4122 variant
    const QString hex = QString::fromLatin1(bytes.toHex());
    return hex.left(8) + u'-' + hex.mid(8, 4) + u'-' + hex.mid(12, 4) + u'-' + hex.mid(16, 4) + u'-' + hex.mid(20);
}

QJsonValue FunnelExpander::value(QStringView name, qint64 user, int step, qint64 nowSeconds, const QString &uuid) const
{
    if (name == u"uuid")
        return uuid;
    // Counters are text, so that "event_id": "{{seq}}" stays a string; {{now}} is a number
    // because its place is event_time.
    if (name == u"seq")
        return QString::number(user * stepCount() + step + 1);
    if (name == u"now")
        return nowSeconds;
    if (name == u"order_id")
        return u"ord-%1-%2"_s.arg(m_runTag).arg(user + 1);
    if (name == u"user")
        return QString::number(user + 1);
    if (name == u"step")
        return QString::number(step + 1);
    if (name == u"run")
        return m_runTag;
    if (name.startsWith(u"user.") && !m_funnel.identities.isEmpty()) {
        const qsizetype column = m_funnel.identities.columns.indexOf(name.sliced(5).toString());
        if (column >= 0)
            return m_funnel.identities.row(user).at(column);
        return {QJsonValue::Undefined};
    }
    const auto it = m_funnel.variables.constFind(name.toString());
    return it == m_funnel.variables.constEnd() ? QJsonValue(QJsonValue::Undefined) : it.value();
}

QJsonObject FunnelExpander::event(qint64 user, int step, qint64 nowSeconds) const
{
    QJsonObject event = m_funnel.steps.at(step).event;
    const QString uuid = derivedUuid(m_options.seed, user, step, u"uuid");
    expandObject(event, [&](QStringView name) { return value(name, user, step, nowSeconds, uuid); });

    if (m_options.mergeIdentities && !m_funnel.identities.isEmpty()) {
        const QJsonValue current = event.value("user_data"_L1);
        if (current.isObject() || current.isUndefined()) {
            QJsonObject userData = current.toObject();
            const QStringList &row = m_funnel.identities.row(user);
            for (qsizetype c = 0; c < m_identityKeys.size(); ++c) {
                if (!m_identityKeys.at(c).isEmpty() && !row.at(c).isEmpty())
                    userData.insert(m_identityKeys.at(c), row.at(c));
            }
            event.insert("user_data"_L1, userData);
        }
    }
    const QJsonValue time = event.value("event_time"_L1);
    if (m_options.rewriteEventTime || time.toString() == "now"_L1 || time.isUndefined())
        event.insert("event_time"_L1, nowSeconds);
    if (m_options.regenerateIds)
        event.insert("event_id"_L1, derivedUuid(m_options.seed, user, step, u"event_id"));
    return event;
}

} // namespace capiqa::replay

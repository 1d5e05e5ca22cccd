#include "userdata.h"

#include "jsonfields.h"

using namespace Qt::StringLiterals;

namespace capiqa::event {

const QStringList &unhashedUserDataKeys()
{
    static const QStringList keys{
        u"client_ip_address"_s, u"client_user_agent"_s, u"fbc"_s,    u"fbp"_s,
        u"subscription_id"_s,   u"fb_login_id"_s,       u"lead_id"_s, u"anon_id"_s,
        u"madid"_s,             u"page_id"_s,           u"page_scoped_user_id"_s,
        u"ctwa_clid"_s,         u"ig_account_id"_s,     u"ig_sid"_s,
    };
    return keys;
}

bool isUnhashedUserDataKey(QStringView key)
{
    return unhashedUserDataKeys().contains(key);
}

QStringList UserData::values(pii::Field field) const
{
    const auto it = hashed.find(field);
    return it == hashed.end() ? QStringList() : it->second.values;
}

void UserData::setValues(pii::Field field, const QStringList &list)
{
    hashed[field] = Values{list, false};
}

std::optional<QString> UserData::unhashedValue(QStringView key) const
{
    const auto it = unhashed.constFind(key.toString());
    if (it == unhashed.constEnd())
        return std::nullopt;
    if (it->isString())
        return it->toString();
    return QString::number(it->toInteger());
}

std::optional<UserData> UserData::fromJson(const QJsonObject &json, QString *error, QStringView path)
{
    using namespace detail;
    UserData out;
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        const QString key = it.key();
        const QJsonValue value = it.value();
        const QString keyPath = memberPath(path, key);
        if (value.isNull())
            continue; // unset, as the Node SDK writes it
        if (const auto field = pii::fieldFromKey(QStringView(key))) {
            Values values;
            if (value.isString()) {
                values.values.append(value.toString());
                values.scalar = true;
            } else if (value.isArray()) {
                const QJsonArray array = value.toArray();
                for (qsizetype i = 0; i < array.size(); ++i) {
                    if (!array.at(i).isString()) {
                        report(error, atPath(indexPath(keyPath, i),
                                             u"expected a string, got %1"_s.arg(describe(array.at(i)))));
                        return std::nullopt;
                    }
                    values.values.append(array.at(i).toString());
                }
            } else {
                report(error, atPath(keyPath, u"expected a string or an array of strings, got %1"_s.arg(describe(value))));
                return std::nullopt;
            }
            out.hashed[*field] = values;
        } else if (isUnhashedUserDataKey(key)) {
            if (!value.isString() && !wholeNumber(value)) {
                report(error, atPath(keyPath, u"expected a string, got %1"_s.arg(describe(value))));
                return std::nullopt;
            }
            out.unhashed.insert(key, value);
        } else {
            out.extra.insert(key, value);
        }
    }
    return out;
}

QJsonObject UserData::toJson() const
{
    QJsonObject out = extra;
    for (const auto &[field, v] : hashed) {
        const auto key = pii::fieldKey(field);
        const QString name = QString::fromLatin1(key.data(), qsizetype(key.size()));
        if (v.scalar && v.values.size() == 1)
            out.insert(name, v.values.constFirst());
        else
            out.insert(name, QJsonArray::fromStringList(v.values));
    }
    for (auto it = unhashed.constBegin(); it != unhashed.constEnd(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

} // namespace capiqa::event

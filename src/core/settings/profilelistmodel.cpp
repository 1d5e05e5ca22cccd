#include "profilelistmodel.h"

#include "profilestore.h"

using namespace Qt::StringLiterals;

namespace capiqa::settings {

ProfileListModel::ProfileListModel(ProfileStore *store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
    , m_profiles(store->profiles())
    , m_defaultName(store->defaultProfileName())
{
    connect(m_store, &ProfileStore::profilesChanged, this, &ProfileListModel::reload);
    connect(m_store, &ProfileStore::defaultProfileChanged, this, &ProfileListModel::defaultChanged);
}

ProfileListModel::~ProfileListModel() = default;

int ProfileListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_profiles.size());
}

QVariant ProfileListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Profile &p = m_profiles.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
    case NameRole:
        return p.name;
    case IsDefaultRole:
        return p.name == m_defaultName;
    case IsProductionRole:
        return p.production;
    case PixelIdRole:
        return p.pixelId;
    case TestEventCodeRole:
        return p.testEventCode;
    case BaseUrlRole:
        return p.baseUrl;
    case BuiltInEmulatorRole:
        return p.builtInEmulator;
    case ErrorsRole:
        return profileErrors(p).join(u' ');
    default:
        return {};
    }
}

QHash<int, QByteArray> ProfileListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(NameRole, QByteArrayLiteral("name"));
    names.insert(IsDefaultRole, QByteArrayLiteral("isDefault"));
    names.insert(IsProductionRole, QByteArrayLiteral("isProduction"));
    names.insert(PixelIdRole, QByteArrayLiteral("pixelId"));
    names.insert(TestEventCodeRole, QByteArrayLiteral("testEventCode"));
    names.insert(BaseUrlRole, QByteArrayLiteral("baseUrl"));
    names.insert(BuiltInEmulatorRole, QByteArrayLiteral("builtInEmulator"));
    names.insert(ErrorsRole, QByteArrayLiteral("errors"));
    return names;
}

int ProfileListModel::rowOf(QStringView name) const
{
    for (qsizetype i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles.at(i).name == name)
            return int(i);
    }
    return -1;
}

QString ProfileListModel::nameAt(int row) const
{
    return row >= 0 && row < m_profiles.size() ? m_profiles.at(row).name : QString();
}

void ProfileListModel::reload()
{
    // Profiles are few and change by user action only: a reset is simpler than diffing and
    // views restore their selection by name (rowOf()).
    beginResetModel();
    m_profiles = m_store->profiles();
    m_defaultName = m_store->defaultProfileName();
    endResetModel();
}

void ProfileListModel::defaultChanged(const QString &name)
{
    // The store announces a new default before the list change that caused it (remove()), so
    // only the cached rows are touched here; reload() follows with the new list.
    const int previous = rowOf(m_defaultName);
    m_defaultName = name;
    for (const int row : {previous, rowOf(name)}) {
        if (row >= 0)
            Q_EMIT dataChanged(index(row), index(row), {IsDefaultRole});
    }
}

} // namespace capiqa::settings

import { Icon } from '../../ui/Icon';
import { AdminSetupForm } from './AdminSetupForm';

/** A database with data but nobody who can administer it (an older database, a restored one): create the administrator. */
export function SetupScreen() {
  return (
    <section className="gd-authcard" aria-labelledby="gd-setup-title">
      <div className="gd-authcard__icon">
        <Icon name="shield" size={26} />
      </div>
      <h1 id="gd-setup-title">创建管理员</h1>
      <p className="gd-authcard__lead">
        此数据库还没有可以登录的管理员。请先创建管理员：管理员为其他操作员建立账号、设置角色和初始密码。
      </p>
      <AdminSetupForm />
    </section>
  );
}

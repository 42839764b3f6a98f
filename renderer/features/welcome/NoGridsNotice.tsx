import { mayCall } from '../../domain/permissions';
import { Icon } from '../../ui/Icon';
import { useOperator } from '../session/useOperator';
import './welcome.css';

/** The map of a district without grids yet: where the grids come from, and who brings them in. */
export function NoGridsNotice() {
  const { operator } = useOperator();
  const canImport = mayCall('grids:import', operator);
  return (
    <section className="gd-welcome" aria-labelledby="gd-nogrids-title">
      <div className="gd-welcome__card">
        <div className="gd-welcome__icon">
          <Icon name="grid" size={30} />
        </div>
        <h1 id="gd-nogrids-title">还没有网格</h1>
        <p className="gd-welcome__lead">
          地图、案件派遣和统计都以本区的三级网格为底。请导入本区的网格边界（15 位网格编码，GeoJSON 或 Shapefile），再在“人员”页录入网格人员。
        </p>
        {canImport ? (
          <a className="gd-button gd-button--primary" href="#/import">
            去导入网格边界
          </a>
        ) : (
          <p className="gd-muted">导入网格边界需管理员操作。</p>
        )}
      </div>
    </section>
  );
}

import { ORDER_NO_MAX } from '../../../db/domain/hotline';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { DEMAND_TYPE_OPTIONS, PHONE_MAX, type OrderDraft, type OrderProblems } from './orderDraft';
import './hotline.css';

interface HotlineOrderFieldsProps {
  readonly value: OrderDraft;
  readonly onChange: (value: OrderDraft) => void;
  readonly problems: OrderProblems;
}

/** The 12345 order's own fields in the new-case dialog: number, call time, caller, phone, demand type, platform limit. */
export function HotlineOrderFields({ value, onChange, problems }: HotlineOrderFieldsProps) {
  const set = (patch: Partial<OrderDraft>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="gd-orderfields">
      <legend>12345 工单信息</legend>
      <div className="gd-orderfields__grid">
        <Field label="工单编号" htmlFor="gd-order-no" isRequired error={problems.orderNo}>
          <input
            id="gd-order-no"
            className="gd-input gd-mono"
            maxLength={ORDER_NO_MAX}
            value={value.orderNo}
            placeholder="如 GD20261124000123"
            onChange={(e) => set({ orderNo: e.target.value })}
          />
        </Field>
        <SelectField
          id="gd-order-demand"
          label="诉求类型"
          placeholder="未注明"
          options={DEMAND_TYPE_OPTIONS}
          value={value.demandType}
          onChange={(demandType) => set({ demandType })}
        />
        <Field label="来电时间" htmlFor="gd-order-called" error={problems.calledAt} hint="默认为现在">
          <input id="gd-order-called" type="datetime-local" className="gd-input" value={value.calledAt} onChange={(e) => set({ calledAt: e.target.value })} />
        </Field>
        <Field label="平台办理时限" htmlFor="gd-order-due" error={problems.platformDueAt} hint="选填：早于类别处置时限时按此计">
          <input id="gd-order-due" type="datetime-local" className="gd-input" value={value.platformDueAt} onChange={(e) => set({ platformDueAt: e.target.value })} />
        </Field>
        <TextField id="gd-order-caller" label="来电人" limit="name" value={value.callerName} placeholder="如 张女士" onChange={(callerName) => set({ callerName })} />
        <Field label="联系电话" htmlFor="gd-order-phone" error={problems.callerPhone} hint="列表和导出中只显示 138****5678">
          <input
            id="gd-order-phone"
            className="gd-input gd-mono"
            inputMode="tel"
            maxLength={PHONE_MAX}
            value={value.callerPhone}
            placeholder="如 13812345678"
            onChange={(e) => set({ callerPhone: e.target.value })}
          />
        </Field>
      </div>
    </fieldset>
  );
}

import {
  EBS_USD_PER_GB_MONTH,
  ON_DEMAND_USD_PER_HOUR,
  PRICE_LABEL,
  standbyCost,
  standbyCostLines,
  standbyVolumes,
} from '@immutable-actions/core';

describe('standby cost: what the previous group costs per day under each previous-group choice', () => {
  it('takes the AMI volumes, the launch template overriding size and type by device', () => {
    const volumes = standbyVolumes(
      [
        { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 30, VolumeType: 'gp3' } },
        { DeviceName: '/dev/xvdb', Ebs: { VolumeSize: 100, VolumeType: 'st1' } },
        { DeviceName: '/dev/xvdc', NoDevice: '' },
      ],
      [
        { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8, VolumeType: 'gp2' } },
        { DeviceName: '/dev/xvdc', Ebs: { VolumeSize: 50, VolumeType: 'gp2' } },
        { DeviceName: '/dev/sdz', VirtualName: 'ephemeral0' },
      ],
    );
    expect(volumes).toEqual([
      { device: '/dev/xvda', sizeGb: 30, type: 'gp3' },
      { device: '/dev/xvdb', sizeGb: 100, type: 'st1' },
    ]);
  });

  it('keeps the AMI type when the template only grows the volume, and defaults to gp3', () => {
    expect(
      standbyVolumes(
        [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20 } }],
        [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8, VolumeType: 'gp2' } }],
      ),
    ).toEqual([{ device: '/dev/xvda', sizeGb: 20, type: 'gp2' }]);
    expect(standbyVolumes([{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 10 } }], undefined)).toEqual([
      { device: '/dev/xvda', sizeGb: 10, type: 'gp3' },
    ]);
  });

  it('has no volumes when nobody states a size (never a guess)', () => {
    expect(standbyVolumes(undefined, undefined)).toBeUndefined();
    expect(standbyVolumes([{ DeviceName: '/dev/xvda', Ebs: { VolumeType: 'gp3' } }], [])).toBeUndefined();
  });

  it('prices keep-warm as instances around the clock plus EBS, stopped as EBS only, scale-to-zero as nothing', () => {
    const cost = standbyCost({
      group: 'shop-v001',
      instances: 4,
      instanceType: 'm5.large',
      volumes: [{ device: '/dev/xvda', sizeGb: 30, type: 'gp3' }],
    });
    // EBS: 4 × 30 GB × $0.08 / 30 days = $0.32 a day; instances: 4 × $0.096 × 24 = $9.216.
    expect(cost.perDay).toEqual({ keepWarm: 9.54, stopped: 0.32, scaleToZero: 0 });
    expect(cost.usdPerHour).toBe(0.096);
    expect(ON_DEMAND_USD_PER_HOUR['t3.micro']).toBe(0.0104);
    expect(EBS_USD_PER_GB_MONTH.gp3).toBe(0.08);
  });

  it('says "unknown price" for a type not in the table, and still prices the stopped volumes', () => {
    const cost = standbyCost({
      group: 'shop-v001',
      instances: 2,
      instanceType: 'x2iedn.32xlarge',
      volumes: [{ device: '/dev/xvda', sizeGb: 15, type: 'gp3' }],
    });
    expect(cost.perDay).toEqual({ keepWarm: undefined, stopped: 0.08, scaleToZero: 0 });
    const lines = standbyCostLines(cost, 'stopped');
    expect(lines[0]).toBe(
      `What shop-v001 costs per day while it waits for a rollback (${PRICE_LABEL}; 2 × x2iedn.32xlarge, 15 GB gp3 each):`,
    );
    expect(lines[1]).toBe(
      'keep-warm: unknown price for x2iedn.32xlarge (instances running, rollback in seconds)',
    );
    expect(lines[2]).toBe(
      'stopped: $0.08 (EBS only; a rollback starts the stopped instances, about a minute) ← this deploy',
    );
    expect(lines[3]).toBe(
      'scale-to-zero: $0.00 (a rollback boots and provisions fresh instances, a cold start)',
    );
  });

  it('says "unknown price" for volumes it cannot size, and marks the choice this deploy took', () => {
    const cost = standbyCost({ group: 'g', instances: 1, instanceType: undefined, volumes: undefined });
    expect(cost.perDay).toEqual({ keepWarm: undefined, stopped: undefined, scaleToZero: 0 });
    const lines = standbyCostLines(cost, 'keep-warm');
    expect(lines[0]).toContain('1 × an unknown instance type, volumes of unknown size each');
    expect(lines[1]).toMatch(/^keep-warm: unknown price for an unknown instance type .*← this deploy$/);
    expect(lines[2]).toMatch(/^stopped: unknown price \(volume sizes unknown\)/);
    expect(lines.filter((l) => l.endsWith('← this deploy'))).toHaveLength(1);
  });
});

// LOCAL ONLY: the seeded people and source systems of the embedded OpenID provider, one per role and
// jurisdiction, so `npm start` and the tests can sign in without a real identity provider. Never for production:
// every password and client secret here is public.
import type { Jurisdiction, RoleId } from '../auth/caller';

export const DEMO_PASSWORD = 'local-only-demo';

export interface DemoUser {
  id: string;
  label: string;
  roles: RoleId[];
  jurisdiction: Jurisdiction;
}

export interface DemoSystem {
  clientId: string;
  clientSecret: string;
  label: string;
  province: Jurisdiction['province'];
}

const station = (province: Jurisdiction['province'], district: string, policeStation: string): Jurisdiction => ({ province, district, policeStation });

export const DEMO_USERS: DemoUser[] = [
  { id: 'lahore-io', label: 'IO, Model Town, Lahore', roles: ['io'], jurisdiction: station('punjab', 'lahore', 'model-town') },
  { id: 'lahore-sho', label: 'SHO, Model Town, Lahore', roles: ['sho'], jurisdiction: station('punjab', 'lahore', 'model-town') },
  { id: 'lahore-gulberg-sho', label: 'SHO, Gulberg, Lahore', roles: ['sho'], jurisdiction: station('punjab', 'lahore', 'gulberg') },
  { id: 'multan-sho', label: 'SHO, Cantt, Multan', roles: ['sho'], jurisdiction: station('punjab', 'multan', 'cantt') },
  { id: 'lahore-sdpo', label: 'SDPO, Lahore', roles: ['sdpo'], jurisdiction: { province: 'punjab', district: 'lahore' } },
  { id: 'lahore-sp-investigation', label: 'SP Investigation, Lahore', roles: ['sp_investigation'], jurisdiction: { province: 'punjab', district: 'lahore' } },
  { id: 'lahore-dpo', label: 'DPO, Lahore', roles: ['dpo'], jurisdiction: { province: 'punjab', district: 'lahore' } },
  { id: 'lahore-adpp', label: 'ADPP, Lahore', roles: ['adpp'], jurisdiction: { province: 'punjab', district: 'lahore' } },
  { id: 'lahore-ddpp', label: 'DDPP, Lahore', roles: ['ddpp'], jurisdiction: { province: 'punjab', district: 'lahore' } },
  { id: 'lahore-dpp', label: 'DPP, Lahore', roles: ['dpp'], jurisdiction: { province: 'punjab', district: 'lahore' } },
  { id: 'multan-ddpp', label: 'DDPP, Multan', roles: ['ddpp'], jurisdiction: { province: 'punjab', district: 'multan' } },
  { id: 'punjab-pg', label: 'Prosecutor General, Punjab', roles: ['prosecutor_general'], jurisdiction: { province: 'punjab' } },
  { id: 'punjab-analyst', label: 'Policy analyst, Punjab', roles: ['policy_analyst'], jurisdiction: { province: 'punjab' } },
  { id: 'punjab-sop-author', label: 'SOP author, Punjab', roles: ['sop_author'], jurisdiction: { province: 'punjab' } },
  { id: 'punjab-auditor', label: 'Auditor, Punjab', roles: ['auditor'], jurisdiction: { province: 'punjab' } },
  { id: 'karachi-south-sho', label: 'SHO, Clifton, Karachi South', roles: ['sho'], jurisdiction: station('sindh', 'karachi-south', 'clifton') },
  { id: 'sindh-pg', label: 'Prosecutor General, Sindh', roles: ['prosecutor_general'], jurisdiction: { province: 'sindh' } },
  { id: 'sindh-auditor', label: 'Auditor, Sindh', roles: ['auditor'], jurisdiction: { province: 'sindh' } },
  { id: 'peshawar-sho', label: 'SHO, Saddar, Peshawar', roles: ['sho'], jurisdiction: station('khyber-pakhtunkhwa', 'peshawar', 'saddar') },
  { id: 'quetta-sho', label: 'SHO, Civil Lines, Quetta', roles: ['sho'], jurisdiction: station('balochistan', 'quetta', 'civil-lines') },
];

export const DEMO_SYSTEMS: DemoSystem[] = [
  { clientId: 'punjab-cfms', clientSecret: 'local-only-punjab-cfms', label: 'Punjab CFMS', province: 'punjab' },
  { clientId: 'punjab-pmis', clientSecret: 'local-only-punjab-pmis', label: 'Punjab PMIS (prisons)', province: 'punjab' },
  { clientId: 'sindh-cmms', clientSecret: 'local-only-sindh-cmms', label: 'Sindh CMMS', province: 'sindh' },
  { clientId: 'kp-cmms', clientSecret: 'local-only-kp-cmms', label: 'KP CMMS', province: 'khyber-pakhtunkhwa' },
  { clientId: 'balochistan-cmms', clientSecret: 'local-only-balochistan-cmms', label: 'Balochistan CMMS', province: 'balochistan' },
];

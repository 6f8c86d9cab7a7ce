import { killRerunTests } from './kill-rerun.cases';

killRerunTests('target-group');

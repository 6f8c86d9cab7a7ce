import { killRerunTests } from './kill-rerun.cases';

killRerunTests('served');

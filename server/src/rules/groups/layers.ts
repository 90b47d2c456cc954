/** Rules of the "layers" group (see server/src/rules/registry.ts): image size, caching and package managers. */
import { AddFromUrl } from '../AddFromUrl';
import { AddInsteadOfCopy } from '../AddInsteadOfCopy';
import { ApkAddNoCache } from '../ApkAddNoCache';
import { AptGetMissingYes } from '../AptGetMissingYes';
import { AptListsNotCleaned } from '../AptListsNotCleaned';
import { AptNoInstallRecommends } from '../AptNoInstallRecommends';
import { AptUpdateAlone } from '../AptUpdateAlone';
import { DnfYumCleanAll } from '../DnfYumCleanAll';
import { ImplicitLatestTag } from '../ImplicitLatestTag';
import { PipNoCacheDir } from '../PipNoCacheDir';
import { RemoveInLaterLayer } from '../RemoveInLaterLayer';
import type { Rule } from '../types';

export const layersRules: Rule[] = [
  RemoveInLaterLayer,
  ImplicitLatestTag,
  AptListsNotCleaned,
  AptGetMissingYes,
  AptNoInstallRecommends,
  AptUpdateAlone,
  ApkAddNoCache,
  PipNoCacheDir,
  AddInsteadOfCopy,
  AddFromUrl,
  DnfYumCleanAll,
];

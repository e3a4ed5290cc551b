import { Module } from '@nestjs/common';
import { CatalogRegisterController } from './catalog-register.controller';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';

// The register's static path is declared first so `/catalog/register` never reads as an index number.
@Module({ controllers: [CatalogRegisterController, CatalogController], providers: [CatalogService] })
export class CatalogModule {}
